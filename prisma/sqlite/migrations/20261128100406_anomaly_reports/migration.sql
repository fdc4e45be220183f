-- CreateTable
CREATE TABLE "AnomalyReport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL,
    "reportedBy" TEXT NOT NULL,
    "partNo" TEXT NOT NULL,
    "orderNo" TEXT,
    "customer" TEXT,
    "description" TEXT NOT NULL,
    "units" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "AnomalyReport_at_idx" ON "AnomalyReport"("at");

