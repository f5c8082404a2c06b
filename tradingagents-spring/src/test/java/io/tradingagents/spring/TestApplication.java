package io.tradingagents.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Import;

/** A Spring Boot application with one cached service, configured by the auto-configuration alone. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableCaching
@Import({QuoteService.class, AsyncQuoteService.class})
public class TestApplication {}
