-- AlterEnum
ALTER TYPE "McpAdapter" ADD VALUE 'openapi';
