-- CreateTable
CREATE TABLE "Customer" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "region" TEXT,
    "notes" TEXT,
    "searchText" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "createdBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT NOT NULL,

    CONSTRAINT "Customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerSite" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "area" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerSite_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerContact" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "siteId" TEXT,
    "name" TEXT NOT NULL,
    "title" TEXT,
    "phone" TEXT NOT NULL,
    "phoneDigits" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerContact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Product" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL,
    "createdBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT NOT NULL,

    CONSTRAINT "Product_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FollowUp" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "callNumber" TEXT,
    "customerName" TEXT NOT NULL,
    "serialNo" TEXT,
    "status" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "openedAt" TIMESTAMP(3),
    "attempts" TEXT NOT NULL,
    "satisfied" BOOLEAN,
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FollowUp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportJob" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "error" TEXT,

    CONSTRAINT "ImportJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContractImport" (
    "contractId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "importId" TEXT NOT NULL,
    "input" TEXT NOT NULL,
    "workflowStartedAt" TIMESTAMP(3),

    CONSTRAINT "ContractImport_pkey" PRIMARY KEY ("contractId")
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


-- O6 search: trigram indexes make the case-insensitive substring search (LIKE '%…%' on the
-- normalised text) and the phone search use an index on PostgreSQL.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "Customer_searchText_trgm_idx" ON "Customer" USING gin ("searchText" gin_trgm_ops);
CREATE INDEX "Product_searchText_trgm_idx" ON "Product" USING gin ("searchText" gin_trgm_ops);
CREATE INDEX "CustomerContact_phoneDigits_trgm_idx" ON "CustomerContact" USING gin ("phoneDigits" gin_trgm_ops);
