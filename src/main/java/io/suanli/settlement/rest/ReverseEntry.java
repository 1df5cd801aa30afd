package io.suanli.settlement.rest;

import java.math.BigDecimal;

/**
 * The body of {@code POST /settlement/entries/{id}:reverse}: why, and optionally the amount the
 * entry should have moved (posted as a correction after the reversal).
 */
public record ReverseEntry(String reason, BigDecimal amount) {}
