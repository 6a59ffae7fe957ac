-- The roll-up's rows gain the candidate's number prefix and vacancy: computed again, from scratch.
DELETE FROM "cost_rollups";
UPDATE "conversations" SET "costs_rolled_version" = "costs_version" - 1;

-- DropIndex
DROP INDEX "cost_rollups_time_zone_day_idx";

-- AlterTable
ALTER TABLE "cost_rollups" ADD COLUMN     "prefix" TEXT NOT NULL,
ADD COLUMN     "vacancy" TEXT NOT NULL;

-- CreateTable
CREATE TABLE "cost_totals" (
    "time_zone" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "category" TEXT NOT NULL,
    "measured" BOOLEAN NOT NULL,
    "charged" BOOLEAN NOT NULL,
    "prefix" TEXT NOT NULL,
    "vacancy" TEXT NOT NULL,
    "units" INTEGER NOT NULL,

    CONSTRAINT "cost_totals_pkey" PRIMARY KEY ("time_zone","day","category","measured","charged","prefix","vacancy")
);

-- CreateIndex
CREATE INDEX "conversations_costs_stale_idx" ON "conversations"("id") WHERE (costs_version <> costs_rolled_version);

-- Not expressible in schema.prisma: cost_totals stays the sum of cost_rollups, whatever
-- changes the roll-up (a recompute, a candidate's erasure cascading to their rows).
CREATE FUNCTION "cost_totals_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    INSERT INTO "cost_totals" ("time_zone", "day", "category", "measured", "charged", "prefix", "vacancy", "units")
    SELECT "time_zone", "day", "category", "measured", "charged", "prefix", "vacancy", -sum("units")::int
    FROM old_rows GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT ("time_zone", "day", "category", "measured", "charged", "prefix", "vacancy")
    DO UPDATE SET "units" = "cost_totals"."units" + EXCLUDED."units";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "cost_totals" ("time_zone", "day", "category", "measured", "charged", "prefix", "vacancy", "units")
    SELECT "time_zone", "day", "category", "measured", "charged", "prefix", "vacancy", sum("units")::int
    FROM new_rows GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT ("time_zone", "day", "category", "measured", "charged", "prefix", "vacancy")
    DO UPDATE SET "units" = "cost_totals"."units" + EXCLUDED."units";
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "cost_rollups_insert" AFTER INSERT ON "cost_rollups"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "cost_totals_apply"();
CREATE TRIGGER "cost_rollups_update" AFTER UPDATE ON "cost_rollups"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "cost_totals_apply"();
CREATE TRIGGER "cost_rollups_delete" AFTER DELETE ON "cost_rollups"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "cost_totals_apply"();

-- A candidate's vacancy or number decides where their costs are counted: a change marks the
-- roll-up of their conversation out of date.
CREATE FUNCTION "contacts_costs_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "conversations" SET "costs_version" = "costs_version" + 1 WHERE "contact_id" = NEW."id";
  RETURN NULL;
END
$$;

CREATE TRIGGER "contacts_costs_update" AFTER UPDATE OF "vacancy", "wa_id" ON "contacts"
  FOR EACH ROW WHEN (OLD."vacancy" IS DISTINCT FROM NEW."vacancy" OR OLD."wa_id" IS DISTINCT FROM NEW."wa_id")
  EXECUTE FUNCTION "contacts_costs_changed"();
