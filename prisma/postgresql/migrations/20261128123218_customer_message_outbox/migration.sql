-- AlterTable
ALTER TABLE "CustomerMessage" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "lastError" TEXT,
ADD COLUMN     "sentAt" TIMESTAMP(3),
ADD COLUMN     "sentBy" TEXT,
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'to_staff';

-- CreateIndex
CREATE INDEX "CustomerMessage_status_idx" ON "CustomerMessage"("status");


-- Messages written before the outbox: a staff reply and a link a delivery channel took were sent;
-- everything else still waits for staff.
UPDATE "CustomerMessage" SET "status" = 'sent', "sentAt" = "at" WHERE "kind" = 'complaint_reply' OR "body" LIKE '%(link sent%';
