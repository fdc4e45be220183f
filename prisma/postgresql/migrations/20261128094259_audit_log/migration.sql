-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "requestId" TEXT NOT NULL,
    "actorId" TEXT,
    "actorRoles" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "objectType" TEXT,
    "objectId" TEXT,
    "action" TEXT,
    "status" INTEGER NOT NULL,
    "errorCode" TEXT,
    "payloadHash" TEXT,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- CreateIndex
CREATE INDEX "AuditEntry_objectId_idx" ON "AuditEntry"("objectId");

-- CreateIndex
CREATE INDEX "AuditEntry_actorId_idx" ON "AuditEntry"("actorId");


-- The audit log is append-only: the database refuses changes and deletions.
CREATE FUNCTION "audit_entry_append_only"() RETURNS trigger LANGUAGE plpgsql
    -- (\073 is the semicolon: the migration runner splits statements on semicolons)
    AS E'BEGIN RAISE EXCEPTION ''the audit log is append-only''\073 END';
CREATE TRIGGER "AuditEntry_append_only" BEFORE UPDATE OR DELETE ON "AuditEntry"
    FOR EACH ROW EXECUTE FUNCTION "audit_entry_append_only"();
