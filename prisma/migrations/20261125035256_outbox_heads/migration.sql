-- CreateIndex
CREATE INDEX "messages_outbox_heads_idx" ON "messages"("conversation_id", "occurred_at", "seq") WHERE (status IN ('QUEUED', 'SENDING'));
