-- SigningService scheduling schema, SQL Server.
--
-- The tables Quartz.NET 4.7's clustered ADO job store reads and writes (table prefix QRTZ_, names in
-- upper case exactly as Quartz's statements spell them, so a case-sensitive collation finds them too),
-- and SigningService's own scheduling_heartbeats. Quartz's optional execution-history tables are not
-- here: the service does not turn that feature on. Tables go to the connection's default schema, as
-- Quartz's statements name them without one.
--
-- Applied at every start by SchedulingSchema, inside the schema-change application lock
-- (sp_getapplock), right after the EF migrations. Every statement is guarded by IF OBJECT_ID / IF NOT
-- EXISTS and nothing is ever altered or dropped, so it runs on a fresh database and on one that already
-- has it alike. Batches are separated by GO lines: SchedulingSchema sends each batch as one command, and
-- with Database:MigrateOnStart off a DBA runs the file unchanged: sqlcmd -b -i scheduling-sqlserver.sql
--
-- Key columns are nvarchar of bounded length (SQL Server limits index keys to 900 bytes for a clustered
-- primary key); SCHED_NAME (Scheduling:InstanceName) is at most 120 characters.

-- Every job Quartz knows, with its class and flags; JOB_DATA is the serialized JobDataMap.
IF OBJECT_ID(N'QRTZ_JOB_DETAILS', N'U') IS NULL
CREATE TABLE QRTZ_JOB_DETAILS (
    SCHED_NAME        nvarchar(120) NOT NULL,
    JOB_NAME          nvarchar(150) NOT NULL,
    JOB_GROUP         nvarchar(150) NOT NULL,
    DESCRIPTION       nvarchar(250) NULL,
    JOB_CLASS_NAME    nvarchar(250) NOT NULL,
    IS_DURABLE        bit           NOT NULL,
    IS_NONCONCURRENT  bit           NOT NULL,
    IS_UPDATE_DATA    bit           NOT NULL,
    REQUESTS_RECOVERY bit           NOT NULL,
    JOB_DATA          varbinary(max) NULL,
    CONSTRAINT PK_QRTZ_JOB_DETAILS PRIMARY KEY (SCHED_NAME, JOB_NAME, JOB_GROUP)
);
GO

-- One row per trigger: its state (WAITING, ACQUIRED, BLOCKED …) and next fire time drive acquisition;
-- the columns after MISFIRE_INSTR carry the 4.x features (execution groups, preferred node, retry,
-- continuations, overlap, pause reasons, per-trigger misfire threshold).
IF OBJECT_ID(N'QRTZ_TRIGGERS', N'U') IS NULL
CREATE TABLE QRTZ_TRIGGERS (
    SCHED_NAME              nvarchar(120) NOT NULL,
    TRIGGER_NAME            nvarchar(150) NOT NULL,
    TRIGGER_GROUP           nvarchar(150) NOT NULL,
    JOB_NAME                nvarchar(150) NOT NULL,
    JOB_GROUP               nvarchar(150) NOT NULL,
    DESCRIPTION             nvarchar(250) NULL,
    NEXT_FIRE_TIME          bigint        NULL,
    PREV_FIRE_TIME          bigint        NULL,
    PRIORITY                int           NULL,
    TRIGGER_STATE           nvarchar(16)  NOT NULL,
    TRIGGER_TYPE            nvarchar(8)   NOT NULL,
    START_TIME              bigint        NOT NULL,
    END_TIME                bigint        NULL,
    CALENDAR_NAME           nvarchar(200) NULL,
    MISFIRE_INSTR           int           NULL,
    MISFIRE_ORIG_FIRE_TIME  bigint        NULL,
    EXECUTION_GROUP         nvarchar(200) NULL,
    PREFERRED_NODE          nvarchar(200) NULL,
    PREFERRED_NODE_AUTO     bit           NOT NULL CONSTRAINT DF_QRTZ_TRIGGERS_PREFERRED_NODE_AUTO DEFAULT 0,
    RETRY_POLICY            nvarchar(250) NULL,
    RETRY_ATTEMPT           int           NULL,
    CONTINUES_TRIGGER_NAME  nvarchar(150) NULL,
    CONTINUES_TRIGGER_GROUP nvarchar(150) NULL,
    CONTINUATION_CONDITION  int           NULL,
    OVERLAP_POLICY          int           NULL,
    PAUSE_REASON            nvarchar(250) NULL,
    PAUSED_BY               nvarchar(200) NULL,
    PAUSED_AT               bigint        NULL,
    MISFIRE_THRESHOLD       bigint        NULL,
    FIXED_DELAY             bit           NULL,
    JOB_DATA                varbinary(max) NULL,
    CONSTRAINT PK_QRTZ_TRIGGERS PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
    CONSTRAINT FK_QRTZ_TRIGGERS_JOB FOREIGN KEY (SCHED_NAME, JOB_NAME, JOB_GROUP)
        REFERENCES QRTZ_JOB_DETAILS (SCHED_NAME, JOB_NAME, JOB_GROUP)
);
GO

-- Schedule details per trigger type (ours are all simple interval triggers); they go with their trigger.
IF OBJECT_ID(N'QRTZ_SIMPLE_TRIGGERS', N'U') IS NULL
CREATE TABLE QRTZ_SIMPLE_TRIGGERS (
    SCHED_NAME      nvarchar(120) NOT NULL,
    TRIGGER_NAME    nvarchar(150) NOT NULL,
    TRIGGER_GROUP   nvarchar(150) NOT NULL,
    REPEAT_COUNT    int           NOT NULL,
    REPEAT_INTERVAL bigint        NOT NULL,
    TIMES_TRIGGERED int           NOT NULL,
    CONSTRAINT PK_QRTZ_SIMPLE_TRIGGERS PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
    CONSTRAINT FK_QRTZ_SIMPLE_TRIGGERS_TRIGGER FOREIGN KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
        REFERENCES QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP) ON DELETE CASCADE
);
GO

IF OBJECT_ID(N'QRTZ_CRON_TRIGGERS', N'U') IS NULL
CREATE TABLE QRTZ_CRON_TRIGGERS (
    SCHED_NAME      nvarchar(120) NOT NULL,
    TRIGGER_NAME    nvarchar(150) NOT NULL,
    TRIGGER_GROUP   nvarchar(150) NOT NULL,
    CRON_EXPRESSION nvarchar(120) NOT NULL,
    TIME_ZONE_ID    nvarchar(80)  NULL,
    CONSTRAINT PK_QRTZ_CRON_TRIGGERS PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
    CONSTRAINT FK_QRTZ_CRON_TRIGGERS_TRIGGER FOREIGN KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
        REFERENCES QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP) ON DELETE CASCADE
);
GO

-- Generic property bag for the calendar-interval and daily-time-interval trigger types.
IF OBJECT_ID(N'QRTZ_SIMPROP_TRIGGERS', N'U') IS NULL
CREATE TABLE QRTZ_SIMPROP_TRIGGERS (
    SCHED_NAME    nvarchar(120) NOT NULL,
    TRIGGER_NAME  nvarchar(150) NOT NULL,
    TRIGGER_GROUP nvarchar(150) NOT NULL,
    STR_PROP_1    nvarchar(512) NULL,
    STR_PROP_2    nvarchar(512) NULL,
    STR_PROP_3    nvarchar(512) NULL,
    INT_PROP_1    int           NULL,
    INT_PROP_2    int           NULL,
    LONG_PROP_1   bigint        NULL,
    LONG_PROP_2   bigint        NULL,
    DEC_PROP_1    numeric(13,4) NULL,
    DEC_PROP_2    numeric(13,4) NULL,
    BOOL_PROP_1   bit           NULL,
    BOOL_PROP_2   bit           NULL,
    TIME_ZONE_ID  nvarchar(80)  NULL,
    CONSTRAINT PK_QRTZ_SIMPROP_TRIGGERS PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
    CONSTRAINT FK_QRTZ_SIMPROP_TRIGGERS_TRIGGER FOREIGN KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
        REFERENCES QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP) ON DELETE CASCADE
);
GO

-- Custom trigger types, serialized whole.
IF OBJECT_ID(N'QRTZ_BLOB_TRIGGERS', N'U') IS NULL
CREATE TABLE QRTZ_BLOB_TRIGGERS (
    SCHED_NAME    nvarchar(120)  NOT NULL,
    TRIGGER_NAME  nvarchar(150)  NOT NULL,
    TRIGGER_GROUP nvarchar(150)  NOT NULL,
    BLOB_DATA     varbinary(max) NULL,
    CONSTRAINT PK_QRTZ_BLOB_TRIGGERS PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
    CONSTRAINT FK_QRTZ_BLOB_TRIGGERS_TRIGGER FOREIGN KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
        REFERENCES QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP) ON DELETE CASCADE
);
GO

IF OBJECT_ID(N'QRTZ_CALENDARS', N'U') IS NULL
CREATE TABLE QRTZ_CALENDARS (
    SCHED_NAME    nvarchar(120)  NOT NULL,
    CALENDAR_NAME nvarchar(200)  NOT NULL,
    CALENDAR      varbinary(max) NOT NULL,
    CONSTRAINT PK_QRTZ_CALENDARS PRIMARY KEY (SCHED_NAME, CALENDAR_NAME)
);
GO

IF OBJECT_ID(N'QRTZ_PAUSED_TRIGGER_GRPS', N'U') IS NULL
CREATE TABLE QRTZ_PAUSED_TRIGGER_GRPS (
    SCHED_NAME    nvarchar(120) NOT NULL,
    TRIGGER_GROUP nvarchar(150) NOT NULL,
    PAUSE_REASON  nvarchar(250) NULL,
    PAUSED_BY     nvarchar(200) NULL,
    PAUSED_AT     bigint        NULL,
    CONSTRAINT PK_QRTZ_PAUSED_TRIGGER_GRPS PRIMARY KEY (SCHED_NAME, TRIGGER_GROUP)
);
GO

IF OBJECT_ID(N'QRTZ_PAUSED_JOB_GRPS', N'U') IS NULL
CREATE TABLE QRTZ_PAUSED_JOB_GRPS (
    SCHED_NAME   nvarchar(120) NOT NULL,
    JOB_GROUP    nvarchar(150) NOT NULL,
    PAUSE_REASON nvarchar(250) NULL,
    PAUSED_BY    nvarchar(200) NULL,
    PAUSED_AT    bigint        NULL,
    CONSTRAINT PK_QRTZ_PAUSED_JOB_GRPS PRIMARY KEY (SCHED_NAME, JOB_GROUP)
);
GO

-- Firings in progress, per instance (INSTANCE_NAME): what cluster recovery hands to a live instance
-- when the one that acquired or was executing them stops checking in.
IF OBJECT_ID(N'QRTZ_FIRED_TRIGGERS', N'U') IS NULL
CREATE TABLE QRTZ_FIRED_TRIGGERS (
    SCHED_NAME               nvarchar(120) NOT NULL,
    ENTRY_ID                 nvarchar(140) NOT NULL,
    TRIGGER_NAME             nvarchar(150) NOT NULL,
    TRIGGER_GROUP            nvarchar(150) NOT NULL,
    INSTANCE_NAME            nvarchar(200) NOT NULL,
    FIRED_TIME               bigint        NOT NULL,
    SCHED_TIME               bigint        NOT NULL,
    PRIORITY                 int           NOT NULL,
    STATE                    nvarchar(16)  NOT NULL,
    JOB_NAME                 nvarchar(150) NULL,
    JOB_GROUP                nvarchar(150) NULL,
    IS_NONCONCURRENT         bit           NULL,
    REQUESTS_RECOVERY        bit           NULL,
    EXECUTION_GROUP          nvarchar(200) NULL,
    PROGRESS                 int           NULL,
    PROGRESS_MESSAGE         nvarchar(250) NULL,
    INTERRUPT_REQUESTED_TIME bigint        NULL,
    CONSTRAINT PK_QRTZ_FIRED_TRIGGERS PRIMARY KEY (SCHED_NAME, ENTRY_ID)
);
GO

-- One row per live cluster member and its last check-in.
IF OBJECT_ID(N'QRTZ_SCHEDULER_STATE', N'U') IS NULL
CREATE TABLE QRTZ_SCHEDULER_STATE (
    SCHED_NAME        nvarchar(120) NOT NULL,
    INSTANCE_NAME     nvarchar(200) NOT NULL,
    LAST_CHECKIN_TIME bigint        NOT NULL,
    CHECKIN_INTERVAL  bigint        NOT NULL,
    QUARTZ_VERSION    nvarchar(20)  NULL,
    CONSTRAINT PK_QRTZ_SCHEDULER_STATE PRIMARY KEY (SCHED_NAME, INSTANCE_NAME)
);
GO

-- Rows the instances lock (UPDLOCK, ROWLOCK) to take turns: TRIGGER_ACCESS, STATE_ACCESS.
IF OBJECT_ID(N'QRTZ_LOCKS', N'U') IS NULL
CREATE TABLE QRTZ_LOCKS (
    SCHED_NAME nvarchar(120) NOT NULL,
    LOCK_NAME  nvarchar(40)  NOT NULL,
    CONSTRAINT PK_QRTZ_LOCKS PRIMARY KEY (SCHED_NAME, LOCK_NAME)
);
GO

-- The lookups Quartz's statements make: acquisition by state and next fire time, a job's triggers, a
-- trigger group, an instance's fired triggers at recovery.
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_QRTZ_JOB_DETAILS_GROUP' AND object_id = OBJECT_ID(N'QRTZ_JOB_DETAILS'))
CREATE INDEX IX_QRTZ_JOB_DETAILS_GROUP ON QRTZ_JOB_DETAILS (SCHED_NAME, JOB_GROUP, JOB_NAME);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_QRTZ_TRIGGERS_JOB' AND object_id = OBJECT_ID(N'QRTZ_TRIGGERS'))
CREATE INDEX IX_QRTZ_TRIGGERS_JOB ON QRTZ_TRIGGERS (SCHED_NAME, JOB_NAME, JOB_GROUP);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_QRTZ_TRIGGERS_GROUP' AND object_id = OBJECT_ID(N'QRTZ_TRIGGERS'))
CREATE INDEX IX_QRTZ_TRIGGERS_GROUP ON QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_GROUP, TRIGGER_NAME);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_QRTZ_TRIGGERS_CALENDAR' AND object_id = OBJECT_ID(N'QRTZ_TRIGGERS'))
CREATE INDEX IX_QRTZ_TRIGGERS_CALENDAR ON QRTZ_TRIGGERS (SCHED_NAME, CALENDAR_NAME);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_QRTZ_TRIGGERS_ACQUIRE' AND object_id = OBJECT_ID(N'QRTZ_TRIGGERS'))
CREATE INDEX IX_QRTZ_TRIGGERS_ACQUIRE ON QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_STATE, NEXT_FIRE_TIME, PRIORITY DESC, MISFIRE_INSTR);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_QRTZ_FIRED_TRIGGERS_RECOVERY' AND object_id = OBJECT_ID(N'QRTZ_FIRED_TRIGGERS'))
CREATE INDEX IX_QRTZ_FIRED_TRIGGERS_RECOVERY ON QRTZ_FIRED_TRIGGERS (SCHED_NAME, INSTANCE_NAME, REQUESTS_RECOVERY);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_QRTZ_FIRED_TRIGGERS_JOB' AND object_id = OBJECT_ID(N'QRTZ_FIRED_TRIGGERS'))
CREATE INDEX IX_QRTZ_FIRED_TRIGGERS_JOB ON QRTZ_FIRED_TRIGGERS (SCHED_NAME, JOB_NAME, JOB_GROUP);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_QRTZ_FIRED_TRIGGERS_TRIGGER' AND object_id = OBJECT_ID(N'QRTZ_FIRED_TRIGGERS'))
CREATE INDEX IX_QRTZ_FIRED_TRIGGERS_TRIGGER ON QRTZ_FIRED_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP);
GO

-- SigningService: one row per execution of the diagnostic heartbeat job (Scheduling:HeartbeatSeconds),
-- so that "each scheduled fire ran exactly once, somewhere in the cluster" can be checked with a query.
-- No unique key on the fire time on purpose: a fire executed twice must show up as two rows.
IF OBJECT_ID(N'scheduling_heartbeats', N'U') IS NULL
CREATE TABLE scheduling_heartbeats (
    id                    bigint IDENTITY(1,1) NOT NULL,
    scheduled_fire_time   datetimeoffset NOT NULL,
    fire_instance_id      nvarchar(140)  NOT NULL,
    scheduler_instance_id nvarchar(200)  NOT NULL,
    node                  nvarchar(200)  NOT NULL,
    executed_at           datetimeoffset NOT NULL,
    recovering            bit            NOT NULL,
    CONSTRAINT PK_scheduling_heartbeats PRIMARY KEY (id)
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_scheduling_heartbeats_fire_time' AND object_id = OBJECT_ID(N'scheduling_heartbeats'))
CREATE INDEX IX_scheduling_heartbeats_fire_time ON scheduling_heartbeats (scheduled_fire_time);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_scheduling_heartbeats_executed_at' AND object_id = OBJECT_ID(N'scheduling_heartbeats'))
CREATE INDEX IX_scheduling_heartbeats_executed_at ON scheduling_heartbeats (executed_at);
GO
