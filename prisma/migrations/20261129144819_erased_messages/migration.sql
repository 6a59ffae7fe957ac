-- CreateTable
CREATE TABLE "erased_messages" (
    "digest" BYTEA NOT NULL,
    "erased_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "erased_messages_pkey" PRIMARY KEY ("digest")
);

-- CreateIndex
CREATE INDEX "erased_messages_erased_at_idx" ON "erased_messages"("erased_at");
