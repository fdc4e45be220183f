-- CreateTable
CREATE TABLE "AnomalyReport" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "reportedBy" TEXT NOT NULL,
    "partNo" TEXT NOT NULL,
    "orderNo" TEXT,
    "customer" TEXT,
    "description" TEXT NOT NULL,
    "units" TEXT NOT NULL,

    CONSTRAINT "AnomalyReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AnomalyReport_at_idx" ON "AnomalyReport"("at");

