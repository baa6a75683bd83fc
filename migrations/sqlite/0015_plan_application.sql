-- 0015: a plan opened for online application (网上报名, issue 12). Who may
-- apply: anyone (public), the institution's own staff (staff), or the
-- staff of listed partner companies by their unified social credit code
-- (partners: the 社会化评价 of an enterprise station assessing its
-- suppliers' staff); the window the applications are taken in, and the
-- fee as the station words it. No row: the plan takes no applications.
CREATE TABLE plan_application_offer (
    plan_id    INTEGER PRIMARY KEY REFERENCES plan (id),
    audience   TEXT NOT NULL,
    opens_on   TEXT NOT NULL,
    closes_on  TEXT NOT NULL,
    fee        TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
CREATE INDEX plan_application_offer_window ON plan_application_offer (closes_on);

-- the partner companies of an offer open to partners
CREATE TABLE plan_application_partner (
    plan_id     INTEGER NOT NULL REFERENCES plan_application_offer (plan_id),
    credit_code TEXT NOT NULL
);
CREATE UNIQUE INDEX plan_application_partner_key ON plan_application_partner (plan_id, credit_code);
