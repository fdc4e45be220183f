-- AlterTable
ALTER TABLE "ComplaintCase" ADD COLUMN "productionDate" TEXT;
ALTER TABLE "ComplaintCase" ADD COLUMN "productionUnit" TEXT;

-- CreateTable
CREATE TABLE "StandIn" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "standInId" TEXT NOT NULL,
    "fromDate" TEXT NOT NULL,
    "toDate" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "createdBy" TEXT NOT NULL,
    "endedAt" DATETIME,
    "endedBy" TEXT
);

-- CreateIndex
CREATE INDEX "StandIn_standInId_idx" ON "StandIn"("standInId");

-- CreateIndex
CREATE INDEX "StandIn_userId_idx" ON "StandIn"("userId");

-- CreateIndex
CREATE INDEX "ComplaintCase_productionUnit_idx" ON "ComplaintCase"("productionUnit");

