#include "thread_pool.h"

#include <cstdlib>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define DXCHECK_PAUSE() _mm_pause()
#else
#define DXCHECK_PAUSE() ((void)0)
#endif

namespace dxcheck {
namespace fast_detail {
namespace {

// Spin this many rounds (tens of microseconds) before sleeping: back-to-back calls then
// rarely pay a futex wake-up, and on a machine shared with other jobs a waiting thread
// gives its time slice back soon (spinning for a millisecond there halved throughput).
constexpr int kSpinRounds = 2000;

int default_threads() {
  if (const char* env = std::getenv("DXCHECK_FAST_THREADS")) {
    const int n = std::atoi(env);
    if (n >= 1 && n <= 256) return n;
  }
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw > 256 ? 256 : hw);
}

}  // namespace

ThreadPool& ThreadPool::instance() {
  static ThreadPool pool(default_threads());
  return pool;
}

ThreadPool::ThreadPool(int threads) {
  for (int t = 1; t < threads; ++t) workers_.emplace_back([this, t] { worker_loop(t); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
    ++generation_;
  }
  wake_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

void ThreadPool::work(uint64_t generation, int64_t tasks, TaskFn fn, void* context, int thread) {
  uint64_t next = next_.load(std::memory_order_acquire);
  for (;;) {
    if ((next >> kGenerationShift) != (generation & 0xffffffffu)) return;
    const int64_t task = static_cast<int64_t>(next & 0xffffffffu);
    if (task >= tasks) return;
    if (!next_.compare_exchange_weak(next, next + 1, std::memory_order_acq_rel)) continue;
    fn(context, task, thread);
    // Sequentially consistent with the caller's store of caller_sleeping_ and its load
    // of finished_ (a store-then-load handshake on both sides): one of them sees the other.
    if (finished_.fetch_add(1) + 1 == tasks && caller_sleeping_.load()) {
      std::lock_guard<std::mutex> lock(mutex_);
      done_.notify_one();
    }
    next = next_.load(std::memory_order_acquire);
  }
}

void ThreadPool::worker_loop(int thread) {
  uint64_t seen = 0;
  for (;;) {
    // The run parameters are read under the mutex; between runs, spin a while on the
    // task counter's generation (lock-free) before sleeping.
    for (int spin = 0; spin < kSpinRounds; ++spin) {
      if ((next_.load(std::memory_order_acquire) >> kGenerationShift) != (seen & 0xffffffffu)) break;
      DXCHECK_PAUSE();
    }
    uint64_t generation;
    int64_t tasks;
    TaskFn fn;
    void* context;
    bool active;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return generation_ != seen; });
      if (stop_) return;
      generation = seen = generation_;
      tasks = tasks_;
      fn = fn_;
      context = context_;
      active = thread < active_threads_;
    }
    if (active) work(generation, tasks, fn, context, thread);
  }
}

void ThreadPool::run(int64_t tasks, TaskFn fn, void* context, int max_threads) {
  if (tasks <= 0) return;
  const int use = max_threads < threads() ? (max_threads < 1 ? 1 : max_threads) : threads();
  if (use == 1 || workers_.empty() || tasks > 0xffffffffLL) {
    for (int64_t task = 0; task < tasks; ++task) fn(context, task, 0);
    return;
  }
  std::lock_guard<std::mutex> run_lock(run_mutex_);
  uint64_t generation;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    generation = ++generation_;
    tasks_ = tasks;
    fn_ = fn;
    context_ = context;
    active_threads_ = use;
    finished_.store(0, std::memory_order_relaxed);
    caller_sleeping_.store(false, std::memory_order_relaxed);
    next_.store((generation & 0xffffffffu) << kGenerationShift, std::memory_order_release);
  }
  wake_.notify_all();
  work(generation, tasks, fn, context, 0);
  // Only tasks other threads already claimed can be outstanding here.
  for (int spin = 0; finished_.load(std::memory_order_acquire) != tasks && spin < kSpinRounds; ++spin) {
    DXCHECK_PAUSE();
  }
  if (finished_.load(std::memory_order_acquire) != tasks) {
    std::unique_lock<std::mutex> lock(mutex_);
    caller_sleeping_.store(true);
    done_.wait(lock, [&] { return finished_.load() == tasks; });
  }
}

}  // namespace fast_detail
}  // namespace dxcheck
