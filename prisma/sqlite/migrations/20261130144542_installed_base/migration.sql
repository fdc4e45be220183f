-- CreateTable
CREATE TABLE "Customer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "region" TEXT,
    "notes" TEXT,
    "searchText" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "createdBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "CustomerSite" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "customerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "area" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CustomerContact" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "customerId" TEXT NOT NULL,
    "siteId" TEXT,
    "name" TEXT NOT NULL,
    "title" TEXT,
    "phone" TEXT NOT NULL,
    "phoneDigits" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Product" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "serialNo" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "siteId" TEXT,
    "acceptedOn" TEXT,
    "installedOn" TEXT,
    "commissionedOn" TEXT,
    "warrantyUntil" TEXT,
    "serviceLevel" TEXT,
    "searchText" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "createdBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "FollowUp" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "callId" TEXT NOT NULL,
    "callNumber" TEXT,
    "customerName" TEXT NOT NULL,
    "serialNo" TEXT,
    "status" TEXT NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "openedAt" DATETIME,
    "attempts" TEXT NOT NULL,
    "satisfied" BOOLEAN,
    "closedAt" DATETIME,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ImportJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "dryRun" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL,
    "fileType" TEXT NOT NULL,
    "rowsTotal" INTEGER NOT NULL,
    "rowsChecked" INTEGER NOT NULL,
    "rowsWritten" INTEGER NOT NULL,
    "counts" TEXT NOT NULL,
    "problems" TEXT NOT NULL,
    "problemCount" INTEGER NOT NULL,
    "errorCount" INTEGER NOT NULL,
    "contractsToStart" INTEGER NOT NULL,
    "contractsStarted" INTEGER NOT NULL,
    "rows" TEXT,
    "rules" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdByName" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "error" TEXT
);

-- CreateTable
CREATE TABLE "ContractImport" (
    "contractId" TEXT NOT NULL PRIMARY KEY,
    "number" TEXT NOT NULL,
    "importId" TEXT NOT NULL,
    "input" TEXT NOT NULL,
    "workflowStartedAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "Customer_code_key" ON "Customer"("code");

-- CreateIndex
CREATE INDEX "Customer_name_idx" ON "Customer"("name");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerSite_customerId_name_key" ON "CustomerSite"("customerId", "name");

-- CreateIndex
CREATE INDEX "CustomerContact_phoneDigits_idx" ON "CustomerContact"("phoneDigits");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerContact_customerId_phoneDigits_key" ON "CustomerContact"("customerId", "phoneDigits");

-- CreateIndex
CREATE UNIQUE INDEX "Product_serialNo_key" ON "Product"("serialNo");

-- CreateIndex
CREATE INDEX "Product_customerId_idx" ON "Product"("customerId");

-- CreateIndex
CREATE INDEX "Product_model_idx" ON "Product"("model");

-- CreateIndex
CREATE UNIQUE INDEX "FollowUp_callId_key" ON "FollowUp"("callId");

-- CreateIndex
CREATE INDEX "FollowUp_status_dueAt_idx" ON "FollowUp"("status", "dueAt");

-- CreateIndex
CREATE INDEX "FollowUp_serialNo_idx" ON "FollowUp"("serialNo");

-- CreateIndex
CREATE INDEX "ImportJob_createdAt_idx" ON "ImportJob"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ContractImport_number_key" ON "ContractImport"("number");

-- CreateIndex
CREATE INDEX "ContractImport_importId_workflowStartedAt_idx" ON "ContractImport"("importId", "workflowStartedAt");

