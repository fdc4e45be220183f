-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "roles" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdempotencyRecord" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "status" INTEGER,
    "response" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdempotencyRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ComplaintCase" (
    "id" TEXT NOT NULL,
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
    "dueAt" TIMESTAMP(3),
    "stageDueAt" TIMESTAMP(3),
    "state" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ComplaintCase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseEvent" (
    "id" TEXT NOT NULL,
    "caseType" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorName" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "comment" TEXT,

    CONSTRAINT "CaseEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseNumberCounter" (
    "period" TEXT NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "CaseNumberCounter_pkey" PRIMARY KEY ("period")
);

-- CreateTable
CREATE TABLE "CaseNumber" (
    "caseId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "serial" INTEGER NOT NULL,

    CONSTRAINT "CaseNumber_pkey" PRIMARY KEY ("caseId")
);

-- CreateTable
CREATE TABLE "Notice" (
    "id" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "caseType" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Notice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkItem" (
    "id" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "caseType" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "roles" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3),
    "status" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "doneAt" TIMESTAMP(3),
    "doneBy" TEXT,

    CONSTRAINT "WorkItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StageTimeliness" (
    "id" TEXT NOT NULL,
    "caseType" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "department" TEXT NOT NULL,
    "enteredAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "leftAt" TIMESTAMP(3) NOT NULL,
    "late" BOOLEAN NOT NULL,
    "lateByMinutes" INTEGER NOT NULL,

    CONSTRAINT "StageTimeliness_pkey" PRIMARY KEY ("id")
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

