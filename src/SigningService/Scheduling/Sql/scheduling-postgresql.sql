-- SigningService scheduling schema, PostgreSQL.
--
-- The tables Quartz.NET 4.7's clustered ADO job store reads and writes (table prefix QRTZ_; PostgreSQL
-- folds Quartz's unquoted upper-case names to these lower-case ones), and SigningService's own
-- scheduling_heartbeats. Quartz's optional execution-history tables are not here: the service does not
-- turn that feature on.
--
-- Applied at every start by SchedulingSchema, inside the schema-change advisory lock, right after the EF
-- migrations. Every statement creates only what is missing and nothing is ever altered or dropped, so
-- it runs on a fresh database and on one that already has it alike. With Database:MigrateOnStart off,
-- a DBA runs it unchanged: psql -v ON_ERROR_STOP=1 -f scheduling-postgresql.sql
--
-- Times in QRTZ_ tables are .NET ticks (bigint); sched_name is Scheduling:InstanceName, so several
-- deployments may share one table set.

-- Every job Quartz knows, with its class and flags; job_data is the serialized JobDataMap.
CREATE TABLE IF NOT EXISTS qrtz_job_details (
    sched_name        text    NOT NULL,
    job_name          text    NOT NULL,
    job_group         text    NOT NULL,
    description       text    NULL,
    job_class_name    text    NOT NULL,
    is_durable        boolean NOT NULL,
    is_nonconcurrent  boolean NOT NULL,
    is_update_data    boolean NOT NULL,
    requests_recovery boolean NOT NULL,
    job_data          bytea   NULL,
    CONSTRAINT qrtz_job_details_pk PRIMARY KEY (sched_name, job_name, job_group)
);

-- One row per trigger: its state (WAITING, ACQUIRED, BLOCKED …) and next fire time drive acquisition;
-- the columns after misfire_instr carry the 4.x features (execution groups, preferred node, retry,
-- continuations, overlap, pause reasons, per-trigger misfire threshold).
CREATE TABLE IF NOT EXISTS qrtz_triggers (
    sched_name              text         NOT NULL,
    trigger_name            text         NOT NULL,
    trigger_group           text         NOT NULL,
    job_name                text         NOT NULL,
    job_group               text         NOT NULL,
    description             text         NULL,
    next_fire_time          bigint       NULL,
    prev_fire_time          bigint       NULL,
    priority                integer      NULL,
    trigger_state           text         NOT NULL,
    trigger_type            text         NOT NULL,
    start_time              bigint       NOT NULL,
    end_time                bigint       NULL,
    calendar_name           text         NULL,
    misfire_instr           smallint     NULL,
    misfire_orig_fire_time  bigint       NULL,
    execution_group         varchar(200) NULL,
    preferred_node          varchar(200) NULL,
    preferred_node_auto     boolean      NOT NULL DEFAULT false,
    retry_policy            varchar(250) NULL,
    retry_attempt           integer      NULL,
    continues_trigger_name  text         NULL,
    continues_trigger_group text         NULL,
    continuation_condition  integer      NULL,
    overlap_policy          integer      NULL,
    pause_reason            varchar(250) NULL,
    paused_by               varchar(200) NULL,
    paused_at               bigint       NULL,
    misfire_threshold       bigint       NULL,
    fixed_delay             boolean      NULL,
    job_data                bytea        NULL,
    CONSTRAINT qrtz_triggers_pk PRIMARY KEY (sched_name, trigger_name, trigger_group),
    CONSTRAINT qrtz_triggers_job_fk FOREIGN KEY (sched_name, job_name, job_group)
        REFERENCES qrtz_job_details (sched_name, job_name, job_group)
);

-- Schedule details per trigger type (ours are all simple interval triggers); they go with their trigger.
CREATE TABLE IF NOT EXISTS qrtz_simple_triggers (
    sched_name      text   NOT NULL,
    trigger_name    text   NOT NULL,
    trigger_group   text   NOT NULL,
    repeat_count    bigint NOT NULL,
    repeat_interval bigint NOT NULL,
    times_triggered bigint NOT NULL,
    CONSTRAINT qrtz_simple_triggers_pk PRIMARY KEY (sched_name, trigger_name, trigger_group),
    CONSTRAINT qrtz_simple_triggers_trigger_fk FOREIGN KEY (sched_name, trigger_name, trigger_group)
        REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS qrtz_cron_triggers (
    sched_name      text NOT NULL,
    trigger_name    text NOT NULL,
    trigger_group   text NOT NULL,
    cron_expression text NOT NULL,
    time_zone_id    text NULL,
    CONSTRAINT qrtz_cron_triggers_pk PRIMARY KEY (sched_name, trigger_name, trigger_group),
    CONSTRAINT qrtz_cron_triggers_trigger_fk FOREIGN KEY (sched_name, trigger_name, trigger_group)
        REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

-- Generic property bag for the calendar-interval and daily-time-interval trigger types.
CREATE TABLE IF NOT EXISTS qrtz_simprop_triggers (
    sched_name    text    NOT NULL,
    trigger_name  text    NOT NULL,
    trigger_group text    NOT NULL,
    str_prop_1    text    NULL,
    str_prop_2    text    NULL,
    str_prop_3    text    NULL,
    int_prop_1    integer NULL,
    int_prop_2    integer NULL,
    long_prop_1   bigint  NULL,
    long_prop_2   bigint  NULL,
    dec_prop_1    numeric NULL,
    dec_prop_2    numeric NULL,
    bool_prop_1   boolean NULL,
    bool_prop_2   boolean NULL,
    time_zone_id  text    NULL,
    CONSTRAINT qrtz_simprop_triggers_pk PRIMARY KEY (sched_name, trigger_name, trigger_group),
    CONSTRAINT qrtz_simprop_triggers_trigger_fk FOREIGN KEY (sched_name, trigger_name, trigger_group)
        REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

-- Custom trigger types, serialized whole.
CREATE TABLE IF NOT EXISTS qrtz_blob_triggers (
    sched_name    text  NOT NULL,
    trigger_name  text  NOT NULL,
    trigger_group text  NOT NULL,
    blob_data     bytea NULL,
    CONSTRAINT qrtz_blob_triggers_pk PRIMARY KEY (sched_name, trigger_name, trigger_group),
    CONSTRAINT qrtz_blob_triggers_trigger_fk FOREIGN KEY (sched_name, trigger_name, trigger_group)
        REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS qrtz_calendars (
    sched_name    text  NOT NULL,
    calendar_name text  NOT NULL,
    calendar      bytea NOT NULL,
    CONSTRAINT qrtz_calendars_pk PRIMARY KEY (sched_name, calendar_name)
);

CREATE TABLE IF NOT EXISTS qrtz_paused_trigger_grps (
    sched_name    text         NOT NULL,
    trigger_group text         NOT NULL,
    pause_reason  varchar(250) NULL,
    paused_by     varchar(200) NULL,
    paused_at     bigint       NULL,
    CONSTRAINT qrtz_paused_trigger_grps_pk PRIMARY KEY (sched_name, trigger_group)
);

CREATE TABLE IF NOT EXISTS qrtz_paused_job_grps (
    sched_name   text         NOT NULL,
    job_group    text         NOT NULL,
    pause_reason varchar(250) NULL,
    paused_by    varchar(200) NULL,
    paused_at    bigint       NULL,
    CONSTRAINT qrtz_paused_job_grps_pk PRIMARY KEY (sched_name, job_group)
);

-- Firings in progress, per instance (instance_name): what cluster recovery hands to a live instance
-- when the one that acquired or was executing them stops checking in.
CREATE TABLE IF NOT EXISTS qrtz_fired_triggers (
    sched_name               text         NOT NULL,
    entry_id                 text         NOT NULL,
    trigger_name             text         NOT NULL,
    trigger_group            text         NOT NULL,
    instance_name            text         NOT NULL,
    fired_time               bigint       NOT NULL,
    sched_time               bigint       NOT NULL,
    priority                 integer      NOT NULL,
    state                    text         NOT NULL,
    job_name                 text         NULL,
    job_group                text         NULL,
    is_nonconcurrent         boolean      NOT NULL,
    requests_recovery        boolean      NULL,
    execution_group          varchar(200) NULL,
    progress                 integer      NULL,
    progress_message         varchar(250) NULL,
    interrupt_requested_time bigint       NULL,
    CONSTRAINT qrtz_fired_triggers_pk PRIMARY KEY (sched_name, entry_id)
);

-- One row per live cluster member and its last check-in.
CREATE TABLE IF NOT EXISTS qrtz_scheduler_state (
    sched_name        text        NOT NULL,
    instance_name     text        NOT NULL,
    last_checkin_time bigint      NOT NULL,
    checkin_interval  bigint      NOT NULL,
    quartz_version    varchar(20) NULL,
    CONSTRAINT qrtz_scheduler_state_pk PRIMARY KEY (sched_name, instance_name)
);

-- Rows the instances lock (SELECT … FOR UPDATE) to take turns: TRIGGER_ACCESS, STATE_ACCESS.
CREATE TABLE IF NOT EXISTS qrtz_locks (
    sched_name text NOT NULL,
    lock_name  text NOT NULL,
    CONSTRAINT qrtz_locks_pk PRIMARY KEY (sched_name, lock_name)
);

-- The lookups Quartz's statements make: acquisition by state and next fire time, a job's triggers, a
-- trigger group, an instance's fired triggers at recovery.
CREATE INDEX IF NOT EXISTS qrtz_job_details_group_ix ON qrtz_job_details (sched_name, job_group, job_name);
CREATE INDEX IF NOT EXISTS qrtz_triggers_job_ix ON qrtz_triggers (sched_name, job_name, job_group);
CREATE INDEX IF NOT EXISTS qrtz_triggers_group_ix ON qrtz_triggers (sched_name, trigger_group, trigger_name);
CREATE INDEX IF NOT EXISTS qrtz_triggers_calendar_ix ON qrtz_triggers (sched_name, calendar_name);
CREATE INDEX IF NOT EXISTS qrtz_triggers_acquire_ix
    ON qrtz_triggers (sched_name, trigger_state, next_fire_time, priority DESC, misfire_instr);
CREATE INDEX IF NOT EXISTS qrtz_fired_triggers_recovery_ix ON qrtz_fired_triggers (sched_name, instance_name, requests_recovery);
CREATE INDEX IF NOT EXISTS qrtz_fired_triggers_job_ix ON qrtz_fired_triggers (sched_name, job_name, job_group);
CREATE INDEX IF NOT EXISTS qrtz_fired_triggers_trigger_ix ON qrtz_fired_triggers (sched_name, trigger_name, trigger_group);

-- SigningService: one row per execution of the diagnostic heartbeat job (Scheduling:HeartbeatSeconds),
-- so that "each scheduled fire ran exactly once, somewhere in the cluster" can be checked with a query.
-- No unique key on the fire time on purpose: a fire executed twice must show up as two rows.
CREATE TABLE IF NOT EXISTS scheduling_heartbeats (
    id                    bigint      GENERATED ALWAYS AS IDENTITY,
    scheduled_fire_time   timestamptz NOT NULL,
    fire_instance_id      text        NOT NULL,
    scheduler_instance_id text        NOT NULL,
    node                  text        NOT NULL,
    executed_at           timestamptz NOT NULL,
    recovering            boolean     NOT NULL,
    CONSTRAINT scheduling_heartbeats_pk PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS scheduling_heartbeats_fire_time_ix ON scheduling_heartbeats (scheduled_fire_time);
CREATE INDEX IF NOT EXISTS scheduling_heartbeats_executed_at_ix ON scheduling_heartbeats (executed_at);
