-- AlterTable
ALTER TABLE "ServiceCall" ADD COLUMN     "activityType" TEXT,
ADD COLUMN     "fault" TEXT;

-- CreateTable
CREATE TABLE "SparePart" (
    "partNo" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "costFen" INTEGER NOT NULL,
    "priceFen" INTEGER NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SparePart_pkey" PRIMARY KEY ("partNo")
);

-- CreateTable
CREATE TABLE "SparePartPrice" (
    "id" TEXT NOT NULL,
    "partNo" TEXT NOT NULL,
    "costFen" INTEGER NOT NULL,
    "priceFen" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "by" TEXT NOT NULL,

    CONSTRAINT "SparePartPrice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StockLevel" (
    "centre" TEXT NOT NULL,
    "partNo" TEXT NOT NULL,
    "onHand" INTEGER NOT NULL,
    "reserved" INTEGER NOT NULL,

    CONSTRAINT "StockLevel_pkey" PRIMARY KEY ("centre","partNo")
);

-- CreateTable
CREATE TABLE "StockMovement" (
    "id" TEXT NOT NULL,
    "centre" TEXT NOT NULL,
    "partNo" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "requestId" TEXT,
    "at" TIMESTAMP(3) NOT NULL,
    "by" TEXT NOT NULL,
    "note" TEXT,

    CONSTRAINT "StockMovement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PartRequest" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "callNumber" TEXT,
    "serviceCentre" TEXT NOT NULL,
    "serialNo" TEXT,
    "category" TEXT NOT NULL,
    "coverage" TEXT NOT NULL,
    "waived" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL,
    "technicianId" TEXT NOT NULL,
    "technicianName" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "waitingReason" TEXT,
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "decision" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decidedBy" TEXT,
    "waitingSince" TIMESTAMP(3),
    "reservedAt" TIMESTAMP(3),
    "issuedAt" TIMESTAMP(3),
    "issuedBy" TEXT,
    "closedAt" TIMESTAMP(3),
    "history" TEXT NOT NULL,
    "version" INTEGER NOT NULL,

    CONSTRAINT "PartRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PartRequestLine" (
    "requestId" TEXT NOT NULL,
    "partNo" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "issued" INTEGER NOT NULL DEFAULT 0,
    "replaced" INTEGER NOT NULL DEFAULT 0,
    "returned" INTEGER NOT NULL DEFAULT 0,
    "unitCostFen" INTEGER,
    "unitPriceFen" INTEGER,

    CONSTRAINT "PartRequestLine_pkey" PRIMARY KEY ("requestId","partNo")
);

-- CreateTable
CREATE TABLE "PartReplacement" (
    "id" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "serviceCentre" TEXT NOT NULL,
    "partNo" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "coverage" TEXT NOT NULL,
    "bearer" TEXT NOT NULL,
    "unitCostFen" INTEGER NOT NULL,
    "unitPriceFen" INTEGER NOT NULL,
    "chargeFen" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PartReplacement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceBudget" (
    "month" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "amountFen" INTEGER NOT NULL,
    "setAt" TIMESTAMP(3) NOT NULL,
    "setBy" TEXT NOT NULL,

    CONSTRAINT "ServiceBudget_pkey" PRIMARY KEY ("month","category")
);

-- CreateTable
CREATE TABLE "ServiceCostPosting" (
    "id" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "amountFen" INTEGER NOT NULL,
    "refType" TEXT NOT NULL,
    "refId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "description" TEXT NOT NULL,

    CONSTRAINT "ServiceCostPosting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CostClaim" (
    "id" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "amountFen" INTEGER NOT NULL,
    "date" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "callId" TEXT,
    "claimantId" TEXT NOT NULL,
    "claimantName" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL,
    "decidedAt" TIMESTAMP(3),
    "decidedBy" TEXT,
    "decisionNote" TEXT,

    CONSTRAINT "CostClaim_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActivityPoints" (
    "type" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT NOT NULL,

    CONSTRAINT "ActivityPoints_pkey" PRIMARY KEY ("type")
);

-- CreateTable
CREATE TABLE "ActivityRecord" (
    "id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "technicianId" TEXT NOT NULL,
    "serviceCentre" TEXT NOT NULL,
    "activityType" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "date" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ActivityRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SparePartPrice_partNo_at_idx" ON "SparePartPrice"("partNo", "at");

-- CreateIndex
CREATE INDEX "StockMovement_centre_partNo_idx" ON "StockMovement"("centre", "partNo");

-- CreateIndex
CREATE INDEX "StockMovement_at_idx" ON "StockMovement"("at");

-- CreateIndex
CREATE INDEX "PartRequest_status_serviceCentre_idx" ON "PartRequest"("status", "serviceCentre");

-- CreateIndex
CREATE INDEX "PartRequest_callId_idx" ON "PartRequest"("callId");

-- CreateIndex
CREATE INDEX "PartRequest_requestedAt_idx" ON "PartRequest"("requestedAt");

-- CreateIndex
CREATE INDEX "PartRequest_decidedAt_idx" ON "PartRequest"("decidedAt");

-- CreateIndex
CREATE INDEX "PartReplacement_at_idx" ON "PartReplacement"("at");

-- CreateIndex
CREATE INDEX "ServiceCostPosting_month_category_idx" ON "ServiceCostPosting"("month", "category");

-- CreateIndex
CREATE INDEX "CostClaim_month_status_idx" ON "CostClaim"("month", "status");

-- CreateIndex
CREATE INDEX "CostClaim_claimantId_idx" ON "CostClaim"("claimantId");

-- CreateIndex
CREATE INDEX "ActivityRecord_date_idx" ON "ActivityRecord"("date");

-- CreateIndex
CREATE INDEX "ServiceCall_createdAt_idx" ON "ServiceCall"("createdAt");

-- CreateIndex
CREATE INDEX "ServiceCall_closedAt_idx" ON "ServiceCall"("closedAt");

