-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ServiceFee" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "callId" TEXT NOT NULL,
    "technicianId" TEXT,
    "amountFen" BIGINT NOT NULL,
    "collectedOnSite" BOOLEAN NOT NULL,
    "kind" TEXT NOT NULL,
    "invoiceDueAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL
);
INSERT INTO "new_ServiceFee" ("amountFen", "callId", "collectedOnSite", "createdAt", "id", "invoiceDueAt", "kind", "technicianId") SELECT "amountFen", "callId", "collectedOnSite", "createdAt", "id", "invoiceDueAt", "kind", "technicianId" FROM "ServiceFee";
DROP TABLE "ServiceFee";
ALTER TABLE "new_ServiceFee" RENAME TO "ServiceFee";
CREATE INDEX "ServiceFee_callId_idx" ON "ServiceFee"("callId");
CREATE TABLE "new_ServiceContract" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workflowId" TEXT NOT NULL,
    "number" TEXT,
    "status" TEXT NOT NULL,
    "customerName" TEXT NOT NULL,
    "startsOn" TEXT NOT NULL,
    "endsOn" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "state" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_ServiceContract" ("amountFen", "createdAt", "customerName", "endsOn", "id", "number", "startsOn", "state", "status", "updatedAt", "version", "workflowId") SELECT "amountFen", "createdAt", "customerName", "endsOn", "id", "number", "startsOn", "state", "status", "updatedAt", "version", "workflowId" FROM "ServiceContract";
DROP TABLE "ServiceContract";
ALTER TABLE "new_ServiceContract" RENAME TO "ServiceContract";
CREATE UNIQUE INDEX "ServiceContract_workflowId_key" ON "ServiceContract"("workflowId");
CREATE UNIQUE INDEX "ServiceContract_number_key" ON "ServiceContract"("number");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

