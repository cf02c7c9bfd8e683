-- CreateTable
CREATE TABLE "DataExportChunk" (
    "exportId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "DataExportChunk_pkey" PRIMARY KEY ("exportId","seq")
);

-- AddForeignKey
ALTER TABLE "DataExportChunk" ADD CONSTRAINT "DataExportChunk_exportId_fkey" FOREIGN KEY ("exportId") REFERENCES "DataExport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The archive is gzip already: stored out of line as it is, without a second compression attempt.
ALTER TABLE "DataExportChunk" ALTER COLUMN "data" SET STORAGE EXTERNAL;
