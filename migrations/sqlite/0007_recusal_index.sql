-- 0007: recusal checks look relationships up from either side: the
-- unique key serves person_a, this index person_b.
CREATE INDEX relationship_b ON relationship (person_b);
