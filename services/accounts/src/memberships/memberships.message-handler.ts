import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AccountsCommands } from '@ticketonomics/contracts';
import type { AccountsRequest, AccountsResponse } from '../accounts.commands';
import { MembershipEnsureService } from './membership-ensure.service';
import { MembershipsService } from './memberships.service';

@Controller()
export class MembershipsMessageHandler {
  constructor(
    private readonly memberships: MembershipsService,
    private readonly ensurer: MembershipEnsureService,
  ) {}

  @MessagePattern(AccountsCommands.membershipEnsure.subject)
  ensure(
    @Payload() request: AccountsRequest<'membershipEnsure'>,
  ): Promise<AccountsResponse<'membershipEnsure'>> {
    return this.ensurer.ensure(request);
  }

  @MessagePattern(AccountsCommands.membershipJoin.subject)
  join(@Payload() request: AccountsRequest<'membershipJoin'>): Promise<AccountsResponse<'membershipJoin'>> {
    return this.memberships.join(request.communityId, request.userId, request.role);
  }

  @MessagePattern(AccountsCommands.membershipLeave.subject)
  leave(@Payload() request: AccountsRequest<'membershipLeave'>): AccountsResponse<'membershipLeave'> {
    return this.memberships.leave(request.communityId, request.userId);
  }

  @MessagePattern(AccountsCommands.membershipRole.subject)
  role(@Payload() request: AccountsRequest<'membershipRole'>): AccountsResponse<'membershipRole'> {
    return this.memberships.setRole(request.communityId, request.userId, request.role);
  }

  @MessagePattern(AccountsCommands.membershipGet.subject)
  get(@Payload() request: AccountsRequest<'membershipGet'>): AccountsResponse<'membershipGet'> {
    return this.memberships.get(request.communityId, request.userId);
  }

  @MessagePattern(AccountsCommands.membershipList.subject)
  list(@Payload() request: AccountsRequest<'membershipList'>): Promise<AccountsResponse<'membershipList'>> {
    return this.memberships.list(request);
  }

  @MessagePattern(AccountsCommands.userMemberships.subject)
  ofUser(@Payload() request: AccountsRequest<'userMemberships'>): AccountsResponse<'userMemberships'> {
    return this.memberships.ofUser(request.userId, request.limit);
  }
}
