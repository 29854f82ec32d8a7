package io.callcenter.crm.calls;

/**
 * The outcome of recording a snapshot: the call row, and whether the snapshot changed anything (a
 * snapshot arriving after the call was final changes nothing, so nothing should be announced again).
 */
public record RecordedCall(Call call, boolean changed) {
}
