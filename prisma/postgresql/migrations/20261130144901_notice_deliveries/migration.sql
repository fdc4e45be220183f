-- AlterTable
ALTER TABLE "Notice" ADD COLUMN     "deliveryPending" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "WorkItem" ADD COLUMN     "deliveryPending" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "Delivery" (
    "id" TEXT NOT NULL,
    "sourceType" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Delivery_status_nextAttemptAt_idx" ON "Delivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Delivery_userId_idx" ON "Delivery"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Delivery_sourceId_userId_channel_key" ON "Delivery"("sourceId", "userId", "channel");

-- CreateIndex
CREATE INDEX "Notice_deliveryPending_idx" ON "Notice"("deliveryPending");

-- CreateIndex
CREATE INDEX "WorkItem_deliveryPending_idx" ON "WorkItem"("deliveryPending");

