-- CreateEnum
CREATE TYPE "Qualification" AS ENUM ('QUALIFIED', 'MAYBE', 'NOT_A_FIT');

-- CreateEnum
CREATE TYPE "ConversationEventType" AS ENUM ('HANDOFF', 'TAKEOVER', 'HANDBACK', 'RESOLVE', 'REOPEN');

-- AlterTable
ALTER TABLE "contacts" ADD COLUMN     "answers" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "qualification" "Qualification",
ADD COLUMN     "screened_at" TIMESTAMPTZ(3),
ADD COLUMN     "vacancy" TEXT;

-- AlterTable
ALTER TABLE "conversations" ADD COLUMN     "agent_cursor" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "agent_step" TEXT,
ADD COLUMN     "handoff_at" TIMESTAMPTZ(3),
ADD COLUMN     "handoff_summary" JSONB,
ADD COLUMN     "language" TEXT NOT NULL DEFAULT 'nl',
ADD COLUMN     "unclear_count" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "conversation_events" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "conversation_id" UUID NOT NULL,
    "type" "ConversationEventType" NOT NULL,
    "user_id" UUID,
    "reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conversation_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "conversation_events_conversation_id_created_at_idx" ON "conversation_events"("conversation_id", "created_at");

-- AddForeignKey
ALTER TABLE "conversation_events" ADD CONSTRAINT "conversation_events_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversation_events" ADD CONSTRAINT "conversation_events_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
