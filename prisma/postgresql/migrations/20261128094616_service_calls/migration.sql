-- CreateTable
CREATE TABLE "ServiceCall" (
    "id" TEXT NOT NULL,
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
    "arrivalDueAt" TIMESTAMP(3) NOT NULL,
    "arrivedAt" TIMESTAMP(3),
    "dueAt" TIMESTAMP(3),
    "priorityOn" TEXT,
    "registeredOn" TEXT NOT NULL,
    "registerStruckAt" TIMESTAMP(3),
    "state" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ServiceCall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceVoucher" (
    "callId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "drawnAt" TIMESTAMP(3) NOT NULL,
    "signedAt" TIMESTAMP(3),
    "archivedAt" TIMESTAMP(3),

    CONSTRAINT "ServiceVoucher_pkey" PRIMARY KEY ("callId")
);

-- CreateTable
CREATE TABLE "CarryInRecord" (
    "callId" TEXT NOT NULL,
    "receiptNo" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "promisedBy" TIMESTAMP(3) NOT NULL,
    "returnedAt" TIMESTAMP(3),
    "receiptVoidedAt" TIMESTAMP(3),
    "repairCard" TEXT NOT NULL,

    CONSTRAINT "CarryInRecord_pkey" PRIMARY KEY ("callId")
);

-- CreateTable
CREATE TABLE "WorkLog" (
    "id" TEXT NOT NULL,
    "technicianId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "minutes" INTEGER NOT NULL,
    "caseId" TEXT,
    "action" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WorkLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceFee" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "technicianId" TEXT,
    "amountFen" INTEGER NOT NULL,
    "collectedOnSite" BOOLEAN NOT NULL,
    "kind" TEXT NOT NULL,
    "invoiceDueAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ServiceFee_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceContract" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "customerName" TEXT NOT NULL,
    "startsOn" TEXT NOT NULL,
    "endsOn" TEXT NOT NULL,
    "amountFen" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ServiceContract_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContractSerial" (
    "contractId" TEXT NOT NULL,
    "serialNo" TEXT NOT NULL,

    CONSTRAINT "ContractSerial_pkey" PRIMARY KEY ("contractId","serialNo")
);

-- CreateTable
CREATE TABLE "ServiceSurvey" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "tokenHash" TEXT,
    "technicianId" TEXT,
    "category" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3),
    "answeredAt" TIMESTAMP(3),
    "attitude" INTEGER,
    "skill" INTEGER,
    "arrival" INTEGER,
    "promise" INTEGER,
    "comment" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ServiceSurvey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyComplaint" (
    "id" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "handlerRole" TEXT NOT NULL,
    "replyChannel" TEXT NOT NULL,
    "replyStatus" TEXT NOT NULL,
    "replyOutcome" TEXT,
    "repliedAt" TIMESTAMP(3),
    "visitStatus" TEXT NOT NULL,
    "visitedBy" TEXT,
    "visitedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SurveyComplaint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerMessage" (
    "id" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "caseType" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SupervisorReportSignoff" (
    "date" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "signedBy" TEXT NOT NULL,
    "signedAt" TIMESTAMP(3) NOT NULL,
    "forwardedBy" TEXT,
    "forwardedAt" TIMESTAMP(3),
    "snapshot" TEXT NOT NULL,

    CONSTRAINT "SupervisorReportSignoff_pkey" PRIMARY KEY ("date")
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

