package io.suanli.settlement.rest;

import java.math.BigDecimal;

/** The body of a top-up: an amount in the exchange currency, at most to its minor unit. */
public record TopUp(BigDecimal amount) {}
