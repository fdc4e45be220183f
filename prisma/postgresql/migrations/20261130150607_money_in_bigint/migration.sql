-- AlterTable
ALTER TABLE "ServiceFee" ALTER COLUMN "amountFen" SET DATA TYPE BIGINT;

-- AlterTable
ALTER TABLE "ServiceContract" ALTER COLUMN "amountFen" SET DATA TYPE BIGINT;

