-- 0031: a commendation campaign's categories as its rules document names
-- them (issue 14: the four of the 2020 decision by default, or a
-- campaign's own, e.g. 技术能手, 创新工作室). Rewritten with the rules while
-- the campaign is a draft; fixed after. Every list of nominations and
-- honours, the decision and the honour certificates take the names from
-- here. A campaign of 0030 without rows falls back to the catalog's names
-- of the four codes.
CREATE TABLE commendation_category (
    campaign_id BIGINT NOT NULL REFERENCES commendation_campaign (id),
    code        TEXT NOT NULL,        -- [a-z][a-z0-9_]*, at most 40
    name        TEXT NOT NULL,        -- 先进集体
    name_en     TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL,        -- collective | person
    position    INTEGER NOT NULL,     -- the document's order, from 0
    PRIMARY KEY (campaign_id, code)
);
