-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "roles" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "IdempotencyRecord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "status" INTEGER,
    "response" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ComplaintCase" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workflowId" TEXT NOT NULL,
    "number" TEXT,
    "status" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "market" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "filedBy" TEXT NOT NULL,
    "tier" TEXT,
    "parentId" TEXT,
    "awaitingRoles" TEXT,
    "awaitingAction" TEXT,
    "dueAt" DATETIME,
    "stageDueAt" DATETIME,
    "state" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CaseEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseType" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorName" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "comment" TEXT
);

-- CreateTable
CREATE TABLE "CaseNumberCounter" (
    "period" TEXT NOT NULL PRIMARY KEY,
    "last" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "CaseNumber" (
    "caseId" TEXT NOT NULL PRIMARY KEY,
    "number" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "serial" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "Notice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "dedupeKey" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "caseType" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "WorkItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "dedupeKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "caseType" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "roles" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "dueAt" DATETIME,
    "status" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "doneAt" DATETIME,
    "doneBy" TEXT
);

-- CreateTable
CREATE TABLE "StageTimeliness" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseType" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "department" TEXT NOT NULL,
    "enteredAt" DATETIME NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "leftAt" DATETIME NOT NULL,
    "late" BOOLEAN NOT NULL,
    "lateByMinutes" INTEGER NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "User_tokenHash_key" ON "User"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "IdempotencyRecord_userId_scope_key_key" ON "IdempotencyRecord"("userId", "scope", "key");

-- CreateIndex
CREATE UNIQUE INDEX "ComplaintCase_workflowId_key" ON "ComplaintCase"("workflowId");

-- CreateIndex
CREATE UNIQUE INDEX "ComplaintCase_number_key" ON "ComplaintCase"("number");

-- CreateIndex
CREATE INDEX "ComplaintCase_status_stage_idx" ON "ComplaintCase"("status", "stage");

-- CreateIndex
CREATE INDEX "ComplaintCase_month_idx" ON "ComplaintCase"("month");

-- CreateIndex
CREATE UNIQUE INDEX "CaseEvent_caseType_caseId_seq_key" ON "CaseEvent"("caseType", "caseId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "CaseNumber_number_key" ON "CaseNumber"("number");

-- CreateIndex
CREATE UNIQUE INDEX "Notice_dedupeKey_key" ON "Notice"("dedupeKey");

-- CreateIndex
CREATE INDEX "Notice_caseId_idx" ON "Notice"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "WorkItem_dedupeKey_key" ON "WorkItem"("dedupeKey");

-- CreateIndex
CREATE INDEX "WorkItem_status_idx" ON "WorkItem"("status");

-- CreateIndex
CREATE INDEX "StageTimeliness_month_department_idx" ON "StageTimeliness"("month", "department");

