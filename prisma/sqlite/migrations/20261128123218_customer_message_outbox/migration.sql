-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CustomerMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "dedupeKey" TEXT NOT NULL,
    "caseType" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'to_staff',
    "sentAt" DATETIME,
    "sentBy" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT
);
INSERT INTO "new_CustomerMessage" ("at", "body", "caseId", "caseType", "channel", "dedupeKey", "id", "kind", "recipient") SELECT "at", "body", "caseId", "caseType", "channel", "dedupeKey", "id", "kind", "recipient" FROM "CustomerMessage";
DROP TABLE "CustomerMessage";
ALTER TABLE "new_CustomerMessage" RENAME TO "CustomerMessage";
CREATE UNIQUE INDEX "CustomerMessage_dedupeKey_key" ON "CustomerMessage"("dedupeKey");
CREATE INDEX "CustomerMessage_caseId_idx" ON "CustomerMessage"("caseId");
CREATE INDEX "CustomerMessage_status_idx" ON "CustomerMessage"("status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Messages written before the outbox: a staff reply and a link a delivery channel took were sent;
-- everything else still waits for staff.
UPDATE "CustomerMessage" SET "status" = 'sent', "sentAt" = "at" WHERE "kind" = 'complaint_reply' OR "body" LIKE '%(link sent%';
