-- AlterTable
ALTER TABLE "messages" ADD COLUMN     "accepted_at" TIMESTAMPTZ(3),
ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "dispatch_lease_until" TIMESTAMPTZ(3),
ADD COLUMN     "error_category" TEXT,
ADD COLUMN     "media_failed_at" TIMESTAMPTZ(3),
ADD COLUMN     "next_attempt_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "messages_outbox_idx" ON "messages"("status", "next_attempt_at");
