-- CreateTable
CREATE TABLE "ServiceCall" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workflowId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "area" TEXT NOT NULL,
    "serviceCentre" TEXT NOT NULL,
    "customerName" TEXT NOT NULL,
    "customerPhone" TEXT NOT NULL,
    "productModel" TEXT NOT NULL,
    "serialNo" TEXT,
    "contractId" TEXT,
    "technicianId" TEXT,
    "awaitingRoles" TEXT,
    "awaitingAction" TEXT,
    "awaitingUserId" TEXT,
    "arrivalDueAt" DATETIME NOT NULL,
    "arrivedAt" DATETIME,
    "dueAt" DATETIME,
    "priorityOn" TEXT,
    "registeredOn" TEXT NOT NULL,
    "registerStruckAt" DATETIME,
    "state" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ServiceVoucher" (
    "callId" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL,
    "drawnAt" DATETIME NOT NULL,
    "signedAt" DATETIME,
    "archivedAt" DATETIME
);

-- CreateTable
CREATE TABLE "CarryInRecord" (
    "callId" TEXT NOT NULL PRIMARY KEY,
    "receiptNo" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "promisedBy" DATETIME NOT NULL,
    "returnedAt" DATETIME,
    "receiptVoidedAt" DATETIME,
    "repairCard" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "WorkLog" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "technicianId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "minutes" INTEGER NOT NULL,
    "caseId" TEXT,
    "action" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ServiceFee" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "callId" TEXT NOT NULL,
    "technicianId" TEXT,
    "amountFen" INTEGER NOT NULL,
    "collectedOnSite" BOOLEAN NOT NULL,
    "kind" TEXT NOT NULL,
    "invoiceDueAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ServiceContract" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workflowId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "customerName" TEXT NOT NULL,
    "startsOn" TEXT NOT NULL,
    "endsOn" TEXT NOT NULL,
    "amountFen" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ContractSerial" (
    "contractId" TEXT NOT NULL,
    "serialNo" TEXT NOT NULL,

    PRIMARY KEY ("contractId", "serialNo")
);

-- CreateTable
CREATE TABLE "ServiceSurvey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "callId" TEXT NOT NULL,
    "tokenHash" TEXT,
    "technicianId" TEXT,
    "category" TEXT NOT NULL,
    "sentAt" DATETIME,
    "answeredAt" DATETIME,
    "attitude" INTEGER,
    "skill" INTEGER,
    "arrival" INTEGER,
    "promise" INTEGER,
    "comment" TEXT,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SurveyComplaint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "surveyId" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "handlerRole" TEXT NOT NULL,
    "replyChannel" TEXT NOT NULL,
    "replyStatus" TEXT NOT NULL,
    "replyOutcome" TEXT,
    "repliedAt" DATETIME,
    "visitStatus" TEXT NOT NULL,
    "visitedBy" TEXT,
    "visitedAt" DATETIME,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CustomerMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "dedupeKey" TEXT NOT NULL,
    "caseType" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SupervisorReportSignoff" (
    "date" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL,
    "signedBy" TEXT NOT NULL,
    "signedAt" DATETIME NOT NULL,
    "forwardedBy" TEXT,
    "forwardedAt" DATETIME,
    "snapshot" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "ServiceCall_workflowId_key" ON "ServiceCall"("workflowId");

-- CreateIndex
CREATE INDEX "ServiceCall_status_stage_idx" ON "ServiceCall"("status", "stage");

-- CreateIndex
CREATE INDEX "ServiceCall_technicianId_idx" ON "ServiceCall"("technicianId");

-- CreateIndex
CREATE INDEX "ServiceCall_serialNo_idx" ON "ServiceCall"("serialNo");

-- CreateIndex
CREATE INDEX "WorkLog_date_technicianId_idx" ON "WorkLog"("date", "technicianId");

-- CreateIndex
CREATE INDEX "ServiceFee_callId_idx" ON "ServiceFee"("callId");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceContract_workflowId_key" ON "ServiceContract"("workflowId");

-- CreateIndex
CREATE INDEX "ContractSerial_serialNo_idx" ON "ContractSerial"("serialNo");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceSurvey_callId_key" ON "ServiceSurvey"("callId");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceSurvey_tokenHash_key" ON "ServiceSurvey"("tokenHash");

-- CreateIndex
CREATE INDEX "ServiceSurvey_technicianId_answeredAt_idx" ON "ServiceSurvey"("technicianId", "answeredAt");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyComplaint_surveyId_key" ON "SurveyComplaint"("surveyId");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerMessage_dedupeKey_key" ON "CustomerMessage"("dedupeKey");

-- CreateIndex
CREATE INDEX "CustomerMessage_caseId_idx" ON "CustomerMessage"("caseId");

