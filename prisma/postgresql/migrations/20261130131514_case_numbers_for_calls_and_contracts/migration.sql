-- AlterTable
ALTER TABLE "ServiceCall" ADD COLUMN     "number" TEXT;

-- AlterTable
ALTER TABLE "ServiceContract" ADD COLUMN     "number" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "ServiceCall_number_key" ON "ServiceCall"("number");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceContract_number_key" ON "ServiceContract"("number");

