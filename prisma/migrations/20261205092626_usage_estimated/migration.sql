-- AlterTable
ALTER TABLE "UsageRecord" ADD COLUMN     "estimated" BOOLEAN NOT NULL DEFAULT false;
