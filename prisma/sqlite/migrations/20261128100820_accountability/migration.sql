-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "basePointsCenti" INTEGER NOT NULL,
    "userId" TEXT,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "MonthlyBonus" (
    "month" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "efficiencyBonusFen" BIGINT NOT NULL,
    "performanceBonusFen" BIGINT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT NOT NULL,

    PRIMARY KEY ("month", "personId")
);

-- CreateTable
CREATE TABLE "AccountabilityCase" (
    "caseId" TEXT NOT NULL PRIMARY KEY,
    "workflowId" TEXT NOT NULL,
    "caseNumber" TEXT,
    "status" TEXT NOT NULL,
    "closedAt" DATETIME NOT NULL,
    "closedMonth" TEXT NOT NULL,
    "lossAtClosingFen" BIGINT NOT NULL,
    "fixedLossFen" BIGINT,
    "resaleDueAt" DATETIME,
    "state" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AccountabilitySettlement" (
    "caseId" TEXT NOT NULL PRIMARY KEY,
    "month" TEXT NOT NULL,
    "lossFen" BIGINT NOT NULL,
    "data" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PenaltyCharge" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "caseNumber" TEXT,
    "entry" INTEGER NOT NULL,
    "personId" TEXT NOT NULL,
    "personName" TEXT NOT NULL,
    "chargedTo" TEXT NOT NULL,
    "ground" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "allocatedFen" BIGINT NOT NULL,
    "shareFen" BIGINT NOT NULL,
    "minimumFen" BIGINT NOT NULL,
    "chargeFen" BIGINT NOT NULL,
    "performanceForfeit" BOOLEAN NOT NULL,
    "month" TEXT NOT NULL,
    "ledgerMonth" TEXT,
    "basis" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "personId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "broughtForwardFen" BIGINT NOT NULL,
    "chargedFen" BIGINT NOT NULL,
    "efficiencyBonusFen" BIGINT,
    "capFen" BIGINT NOT NULL,
    "deductedFen" BIGINT NOT NULL,
    "carriedForwardFen" BIGINT NOT NULL,
    "performanceForfeitFen" BIGINT NOT NULL,
    "settledAt" DATETIME NOT NULL,

    PRIMARY KEY ("personId", "month")
);

-- CreateTable
CREATE TABLE "PenaltyNotice" (
    "number" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "party" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "final" BOOLEAN NOT NULL,
    "data" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "approvedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "MonthlyReport" (
    "month" TEXT NOT NULL PRIMARY KEY,
    "compiledAt" DATETIME NOT NULL,
    "data" TEXT NOT NULL,
    "version" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "ReturnForm" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AllowanceCertificate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ReceivableHold" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "salespersonId" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "invoiceNo" TEXT,
    "note" TEXT,
    "status" TEXT NOT NULL,
    "heldAt" DATETIME NOT NULL,
    "heldBy" TEXT NOT NULL,
    "releasedAt" DATETIME,
    "releasedBy" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "Person_userId_key" ON "Person"("userId");

-- CreateIndex
CREATE INDEX "Person_unit_idx" ON "Person"("unit");

-- CreateIndex
CREATE INDEX "MonthlyBonus_personId_idx" ON "MonthlyBonus"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "AccountabilityCase_workflowId_key" ON "AccountabilityCase"("workflowId");

-- CreateIndex
CREATE INDEX "AccountabilityCase_status_idx" ON "AccountabilityCase"("status");

-- CreateIndex
CREATE INDEX "AccountabilityCase_closedMonth_idx" ON "AccountabilityCase"("closedMonth");

-- CreateIndex
CREATE INDEX "PenaltyCharge_month_idx" ON "PenaltyCharge"("month");

-- CreateIndex
CREATE INDEX "PenaltyCharge_personId_ledgerMonth_idx" ON "PenaltyCharge"("personId", "ledgerMonth");

-- CreateIndex
CREATE INDEX "PenaltyCharge_caseId_idx" ON "PenaltyCharge"("caseId");

-- CreateIndex
CREATE INDEX "LedgerEntry_month_idx" ON "LedgerEntry"("month");

-- CreateIndex
CREATE INDEX "PenaltyNotice_caseId_idx" ON "PenaltyNotice"("caseId");

-- CreateIndex
CREATE INDEX "PenaltyNotice_month_idx" ON "PenaltyNotice"("month");

-- CreateIndex
CREATE INDEX "ReturnForm_caseId_idx" ON "ReturnForm"("caseId");

-- CreateIndex
CREATE INDEX "ReturnForm_status_idx" ON "ReturnForm"("status");

-- CreateIndex
CREATE INDEX "AllowanceCertificate_caseId_idx" ON "AllowanceCertificate"("caseId");

-- CreateIndex
CREATE INDEX "AllowanceCertificate_status_idx" ON "AllowanceCertificate"("status");

-- CreateIndex
CREATE INDEX "ReceivableHold_salespersonId_idx" ON "ReceivableHold"("salespersonId");

-- CreateIndex
CREATE INDEX "ReceivableHold_caseId_idx" ON "ReceivableHold"("caseId");

