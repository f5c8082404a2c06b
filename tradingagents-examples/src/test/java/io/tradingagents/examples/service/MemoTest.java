package io.tradingagents.examples.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoTest {
  private final AtomicLong now = new AtomicLong();

  @Test
  void withinTtl_reusesTheValue_afterTtl_computesAgain() {
    AtomicInteger calls = new AtomicInteger();
    Memo<Integer> memo = new Memo<>(calls::incrementAndGet, Duration.ofSeconds(5), now::get);

    assertThat(memo.get()).isEqualTo(1);
    now.addAndGet(Duration.ofSeconds(5).toNanos() - 1);
    assertThat(memo.get()).isEqualTo(1);
    now.addAndGet(1);
    assertThat(memo.get()).isEqualTo(2);
    assertThat(memo.computations()).isEqualTo(2);
  }

  @Test
  void concurrentCallers_shareOneComputation() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    Memo<Integer> memo = new Memo<>(() -> {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return calls.incrementAndGet();
    }, Duration.ofSeconds(5), now::get);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      Future<Integer> first = pool.submit(memo::get);
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      Future<?>[] others = new Future<?>[7];
      for (int i = 0; i < others.length; i++) {
        others[i] = pool.submit(memo::get);
      }
      release.countDown();
      assertThat(first.get()).isEqualTo(1);
      for (Future<?> other : others) {
        assertThat(other.get()).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(memo.computations()).isEqualTo(1);
  }

  @Test
  void failure_isThrown_andTheNextCallComputesAgain() {
    AtomicInteger calls = new AtomicInteger();
    Memo<Integer> memo = new Memo<>(() -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("probe failed");
      }
      return calls.get();
    }, Duration.ofSeconds(5), now::get);

    assertThatThrownBy(memo::get).isInstanceOf(IllegalStateException.class).hasMessage("probe failed");
    assertThat(memo.get()).isEqualTo(2);
  }
}
