-- CreateIndex
CREATE INDEX "ComplaintCase_closedAt_status_version_idx" ON "ComplaintCase"("closedAt", "status", "version");

-- CreateIndex
CREATE INDEX "ComplaintCase_createdAt_id_idx" ON "ComplaintCase"("createdAt", "id");

-- CreateIndex
CREATE INDEX "ComplaintCase_status_stageDueAt_idx" ON "ComplaintCase"("status", "stageDueAt");

