-- Generated from src/ctdash/schema.py by ctdash.db.ddl(); tests/test_db.py keeps them equal.

CREATE TABLE sources (
    source_id VARCHAR NOT NULL,
    file VARCHAR NOT NULL,
    title_en VARCHAR NOT NULL,
    title_ar VARCHAR NOT NULL,
    publisher_en VARCHAR NOT NULL,
    publisher_ar VARCHAR,
    published DATE,
    period_start DATE,
    period_end DATE,
    sha256 VARCHAR NOT NULL,
    note VARCHAR,
    PRIMARY KEY (source_id)
);

CREATE TABLE actors (
    actor_id VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    name_ar VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    iso3 VARCHAR,
    PRIMARY KEY (actor_id)
);

CREATE TABLE actor_aliases (
    actor_id VARCHAR NOT NULL,
    alias VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL,
    PRIMARY KEY (actor_id, alias, source_id),
    FOREIGN KEY (actor_id) REFERENCES actors(actor_id),
    FOREIGN KEY (source_id) REFERENCES sources(source_id)
);

CREATE TABLE working_groups (
    wg_id VARCHAR NOT NULL,
    forum VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    name_ar VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL,
    quote VARCHAR NOT NULL,
    quote_en VARCHAR,
    PRIMARY KEY (wg_id),
    FOREIGN KEY (source_id) REFERENCES sources(source_id)
);

CREATE TABLE facts (
    fact_id VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL,
    topic VARCHAR NOT NULL,
    metric VARCHAR NOT NULL,
    label_en VARCHAR NOT NULL,
    label_ar VARCHAR NOT NULL,
    value DOUBLE,
    unit VARCHAR NOT NULL,
    qualifier VARCHAR NOT NULL,
    period_start DATE,
    period_end DATE,
    date_precision VARCHAR,
    year INTEGER,
    wg_id VARCHAR,
    quote VARCHAR NOT NULL,
    quote_en VARCHAR,
    note VARCHAR,
    PRIMARY KEY (fact_id),
    FOREIGN KEY (source_id) REFERENCES sources(source_id),
    FOREIGN KEY (wg_id) REFERENCES working_groups(wg_id)
);

CREATE TABLE fact_actors (
    fact_id VARCHAR NOT NULL,
    actor_id VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    PRIMARY KEY (fact_id, actor_id, role),
    FOREIGN KEY (fact_id) REFERENCES facts(fact_id),
    FOREIGN KEY (actor_id) REFERENCES actors(actor_id)
);

CREATE TABLE events (
    event_id VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL,
    date_start DATE NOT NULL,
    date_end DATE,
    date_precision VARCHAR NOT NULL,
    body VARCHAR,
    event_type VARCHAR NOT NULL,
    title_en VARCHAR NOT NULL,
    title_ar VARCHAR NOT NULL,
    location VARCHAR,
    seq INTEGER,
    quote VARCHAR NOT NULL,
    quote_en VARCHAR,
    note VARCHAR,
    PRIMARY KEY (event_id),
    FOREIGN KEY (source_id) REFERENCES sources(source_id),
    FOREIGN KEY (body) REFERENCES actors(actor_id)
);

CREATE TABLE event_actors (
    event_id VARCHAR NOT NULL,
    actor_id VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    PRIMARY KEY (event_id, actor_id, role),
    FOREIGN KEY (event_id) REFERENCES events(event_id),
    FOREIGN KEY (actor_id) REFERENCES actors(actor_id)
);

CREATE TABLE wg_roles (
    wg_id VARCHAR,
    actor_id VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    period_start DATE,
    period_end DATE,
    source_id VARCHAR NOT NULL,
    quote VARCHAR NOT NULL,
    quote_en VARCHAR,
    note VARCHAR,
    UNIQUE (wg_id, actor_id, role, period_start),
    FOREIGN KEY (wg_id) REFERENCES working_groups(wg_id),
    FOREIGN KEY (actor_id) REFERENCES actors(actor_id),
    FOREIGN KEY (source_id) REFERENCES sources(source_id)
);

CREATE TABLE documents (
    doc_id VARCHAR NOT NULL,
    title_en VARCHAR NOT NULL,
    title_ar VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    year INTEGER,
    source_id VARCHAR NOT NULL,
    wg_id VARCHAR,
    quote VARCHAR NOT NULL,
    quote_en VARCHAR,
    PRIMARY KEY (doc_id),
    FOREIGN KEY (source_id) REFERENCES sources(source_id),
    FOREIGN KEY (wg_id) REFERENCES working_groups(wg_id)
);

CREATE TABLE conflicts (
    conflict_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    description_en VARCHAR NOT NULL,
    description_ar VARCHAR NOT NULL,
    refs VARCHAR NOT NULL,
    shown VARCHAR NOT NULL,
    shown_ar VARCHAR,
    PRIMARY KEY (conflict_id)
);

CREATE TABLE coverage_exclusions (
    source_id VARCHAR NOT NULL,
    token VARCHAR NOT NULL,
    quote VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    PRIMARY KEY (source_id, token, quote),
    FOREIGN KEY (source_id) REFERENCES sources(source_id)
);
