-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SparePart" (
    "partNo" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "costFen" BIGINT NOT NULL,
    "priceFen" BIGINT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_SparePart" ("active", "costFen", "createdAt", "kind", "name", "partNo", "priceFen", "unit", "updatedAt") SELECT "active", "costFen", "createdAt", "kind", "name", "partNo", "priceFen", "unit", "updatedAt" FROM "SparePart";
DROP TABLE "SparePart";
ALTER TABLE "new_SparePart" RENAME TO "SparePart";
CREATE TABLE "new_SparePartPrice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "partNo" TEXT NOT NULL,
    "costFen" BIGINT NOT NULL,
    "priceFen" BIGINT NOT NULL,
    "at" DATETIME NOT NULL,
    "by" TEXT NOT NULL
);
INSERT INTO "new_SparePartPrice" ("at", "by", "costFen", "id", "partNo", "priceFen") SELECT "at", "by", "costFen", "id", "partNo", "priceFen" FROM "SparePartPrice";
DROP TABLE "SparePartPrice";
ALTER TABLE "new_SparePartPrice" RENAME TO "SparePartPrice";
CREATE INDEX "SparePartPrice_partNo_at_idx" ON "SparePartPrice"("partNo", "at");
CREATE TABLE "new_PartRequestLine" (
    "requestId" TEXT NOT NULL,
    "partNo" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "issued" INTEGER NOT NULL DEFAULT 0,
    "replaced" INTEGER NOT NULL DEFAULT 0,
    "returned" INTEGER NOT NULL DEFAULT 0,
    "unitCostFen" BIGINT,
    "unitPriceFen" BIGINT,

    PRIMARY KEY ("requestId", "partNo")
);
INSERT INTO "new_PartRequestLine" ("issued", "partNo", "quantity", "replaced", "requestId", "returned", "unitCostFen", "unitPriceFen") SELECT "issued", "partNo", "quantity", "replaced", "requestId", "returned", "unitCostFen", "unitPriceFen" FROM "PartRequestLine";
DROP TABLE "PartRequestLine";
ALTER TABLE "new_PartRequestLine" RENAME TO "PartRequestLine";
CREATE TABLE "new_PartReplacement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "requestId" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "serviceCentre" TEXT NOT NULL,
    "partNo" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "coverage" TEXT NOT NULL,
    "bearer" TEXT NOT NULL,
    "unitCostFen" BIGINT NOT NULL,
    "unitPriceFen" BIGINT NOT NULL,
    "chargeFen" BIGINT NOT NULL,
    "at" DATETIME NOT NULL
);
INSERT INTO "new_PartReplacement" ("at", "bearer", "callId", "chargeFen", "coverage", "id", "partNo", "quantity", "requestId", "serviceCentre", "unitCostFen", "unitPriceFen") SELECT "at", "bearer", "callId", "chargeFen", "coverage", "id", "partNo", "quantity", "requestId", "serviceCentre", "unitCostFen", "unitPriceFen" FROM "PartReplacement";
DROP TABLE "PartReplacement";
ALTER TABLE "new_PartReplacement" RENAME TO "PartReplacement";
CREATE INDEX "PartReplacement_at_idx" ON "PartReplacement"("at");
CREATE TABLE "new_ServiceBudget" (
    "month" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "setAt" DATETIME NOT NULL,
    "setBy" TEXT NOT NULL,

    PRIMARY KEY ("month", "category")
);
INSERT INTO "new_ServiceBudget" ("amountFen", "category", "month", "setAt", "setBy") SELECT "amountFen", "category", "month", "setAt", "setBy" FROM "ServiceBudget";
DROP TABLE "ServiceBudget";
ALTER TABLE "new_ServiceBudget" RENAME TO "ServiceBudget";
CREATE TABLE "new_ServiceCostPosting" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "month" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "refType" TEXT NOT NULL,
    "refId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "description" TEXT NOT NULL
);
INSERT INTO "new_ServiceCostPosting" ("amountFen", "at", "category", "description", "id", "month", "refId", "refType", "source") SELECT "amountFen", "at", "category", "description", "id", "month", "refId", "refType", "source" FROM "ServiceCostPosting";
DROP TABLE "ServiceCostPosting";
ALTER TABLE "new_ServiceCostPosting" RENAME TO "ServiceCostPosting";
CREATE INDEX "ServiceCostPosting_month_category_idx" ON "ServiceCostPosting"("month", "category");
CREATE TABLE "new_CostClaim" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "category" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "date" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "callId" TEXT,
    "claimantId" TEXT NOT NULL,
    "claimantName" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "submittedAt" DATETIME NOT NULL,
    "decidedAt" DATETIME,
    "decidedBy" TEXT,
    "decisionNote" TEXT
);
INSERT INTO "new_CostClaim" ("amountFen", "callId", "category", "claimantId", "claimantName", "date", "decidedAt", "decidedBy", "decisionNote", "description", "id", "month", "status", "submittedAt") SELECT "amountFen", "callId", "category", "claimantId", "claimantName", "date", "decidedAt", "decidedBy", "decisionNote", "description", "id", "month", "status", "submittedAt" FROM "CostClaim";
DROP TABLE "CostClaim";
ALTER TABLE "new_CostClaim" RENAME TO "CostClaim";
CREATE INDEX "CostClaim_month_status_idx" ON "CostClaim"("month", "status");
CREATE INDEX "CostClaim_claimantId_idx" ON "CostClaim"("claimantId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

