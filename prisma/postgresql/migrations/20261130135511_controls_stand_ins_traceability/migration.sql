-- AlterTable
ALTER TABLE "ComplaintCase" ADD COLUMN     "productionDate" TEXT,
ADD COLUMN     "productionUnit" TEXT;

-- CreateTable
CREATE TABLE "StandIn" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "standInId" TEXT NOT NULL,
    "fromDate" TEXT NOT NULL,
    "toDate" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "createdBy" TEXT NOT NULL,
    "endedAt" TIMESTAMP(3),
    "endedBy" TEXT,

    CONSTRAINT "StandIn_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StandIn_standInId_idx" ON "StandIn"("standInId");

-- CreateIndex
CREATE INDEX "StandIn_userId_idx" ON "StandIn"("userId");

-- CreateIndex
CREATE INDEX "ComplaintCase_productionUnit_idx" ON "ComplaintCase"("productionUnit");

