-- AlterTable
ALTER TABLE "Approval" ADD COLUMN     "toolArguments" JSONB,
ADD COLUMN     "toolArgumentsHash" TEXT,
ADD COLUMN     "toolInstanceId" TEXT,
ADD COLUMN     "toolName" TEXT;
