package io.suanli.settlement.domain;

/** One leg of an entry: a signed amount in minor units on one account (balance = sum of postings). */
public record Posting(Account account, long amountMinor) {}
