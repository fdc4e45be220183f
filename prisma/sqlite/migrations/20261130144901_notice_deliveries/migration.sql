-- CreateTable
CREATE TABLE "Delivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sourceType" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "sentAt" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Notice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "dedupeKey" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "caseType" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "deliveryPending" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO "new_Notice" ("at", "caseId", "caseType", "dedupeKey", "id", "message", "stage", "to", "type") SELECT "at", "caseId", "caseType", "dedupeKey", "id", "message", "stage", "to", "type" FROM "Notice";
DROP TABLE "Notice";
ALTER TABLE "new_Notice" RENAME TO "Notice";
CREATE UNIQUE INDEX "Notice_dedupeKey_key" ON "Notice"("dedupeKey");
CREATE INDEX "Notice_caseId_idx" ON "Notice"("caseId");
CREATE INDEX "Notice_deliveryPending_idx" ON "Notice"("deliveryPending");
CREATE TABLE "new_WorkItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "dedupeKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "caseType" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "roles" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "dueAt" DATETIME,
    "status" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "doneAt" DATETIME,
    "doneBy" TEXT,
    "deliveryPending" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO "new_WorkItem" ("caseId", "caseType", "createdAt", "dedupeKey", "doneAt", "doneBy", "dueAt", "id", "kind", "roles", "status", "title") SELECT "caseId", "caseType", "createdAt", "dedupeKey", "doneAt", "doneBy", "dueAt", "id", "kind", "roles", "status", "title" FROM "WorkItem";
DROP TABLE "WorkItem";
ALTER TABLE "new_WorkItem" RENAME TO "WorkItem";
CREATE UNIQUE INDEX "WorkItem_dedupeKey_key" ON "WorkItem"("dedupeKey");
CREATE INDEX "WorkItem_status_idx" ON "WorkItem"("status");
CREATE INDEX "WorkItem_deliveryPending_idx" ON "WorkItem"("deliveryPending");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Delivery_status_nextAttemptAt_idx" ON "Delivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Delivery_userId_idx" ON "Delivery"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Delivery_sourceId_userId_channel_key" ON "Delivery"("sourceId", "userId", "channel");

