import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ArtifactsCommands } from '@ticketonomics/contracts';
import type { ArtifactsRequest, ArtifactsResponse } from '../artifacts.commands';
import { ProvenanceService } from './provenance.service';

@Controller()
export class ProvenanceMessageHandler {
  constructor(private readonly provenance: ProvenanceService) {}

  @MessagePattern(ArtifactsCommands.provenanceVerify.subject)
  verify(@Payload() request: ArtifactsRequest<'provenanceVerify'>): ArtifactsResponse<'provenanceVerify'> {
    return this.provenance.verify(request.communityId);
  }

  @MessagePattern(ArtifactsCommands.provenanceList.subject)
  list(@Payload() request: ArtifactsRequest<'provenanceList'>): ArtifactsResponse<'provenanceList'> {
    return this.provenance.list(request);
  }
}
