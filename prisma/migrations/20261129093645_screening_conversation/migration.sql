-- AlterTable
ALTER TABLE "conversations" ADD COLUMN     "nudged_at" TIMESTAMPTZ(3),
ADD COLUMN     "open_questions" JSONB NOT NULL DEFAULT '[]';
