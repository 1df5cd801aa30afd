package io.suanli.catalog.domain;

import java.math.BigDecimal;

/** Hourly unit prices of a node, exact to 6 decimals, in the exchange currency. */
public record UnitPrices(BigDecimal cpuCore, BigDecimal memoryGiB, BigDecimal gpu) {}
