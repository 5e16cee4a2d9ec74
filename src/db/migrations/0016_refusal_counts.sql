CREATE TABLE "refusal_counts" (
	"day" text NOT NULL,
	"kind" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "refusal_counts_day_kind_pk" PRIMARY KEY("day","kind")
);
