-- DropIndex
DROP INDEX "messages_outbox_idx";

-- CreateIndex
CREATE INDEX "messages_outbox_idx" ON "messages"("status", "seq");
