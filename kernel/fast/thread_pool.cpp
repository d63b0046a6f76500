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

// Spin this many rounds before sleeping: back-to-back calls (a benchmark, a test loop)
// then never pay a futex wake-up, and an idle process does not burn a core for long.
constexpr int kSpinRounds = 20000;

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
    generation_.fetch_add(1, std::memory_order_release);
  }
  wake_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

void ThreadPool::work(int thread) {
  (void)thread;
  for (;;) {
    const int64_t task = next_task_.fetch_add(1, std::memory_order_relaxed);
    if (task >= tasks_) break;
    fn_(context_, task, thread);
  }
}

void ThreadPool::worker_loop(int thread) {
  uint64_t seen = 0;
  for (;;) {
    uint64_t now = generation_.load(std::memory_order_acquire);
    for (int spin = 0; now == seen && spin < kSpinRounds; ++spin) {
      DXCHECK_PAUSE();
      now = generation_.load(std::memory_order_acquire);
    }
    if (now == seen) {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return generation_.load(std::memory_order_acquire) != seen; });
      now = generation_.load(std::memory_order_acquire);
    }
    seen = now;
    bool stop;
    int active;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop = stop_;
      active = active_threads_;
    }
    if (stop) return;
    if (thread < active) work(thread);
    if (busy_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      std::lock_guard<std::mutex> lock(mutex_);
      done_.notify_one();
    }
  }
}

void ThreadPool::run(int64_t tasks, TaskFn fn, void* context, int max_threads) {
  if (tasks <= 0) return;
  const int use = max_threads < threads() ? (max_threads < 1 ? 1 : max_threads) : threads();
  if (use == 1 || workers_.empty()) {
    for (int64_t task = 0; task < tasks; ++task) fn(context, task, 0);
    return;
  }
  std::lock_guard<std::mutex> run_lock(run_mutex_);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    tasks_ = tasks;
    fn_ = fn;
    context_ = context;
    active_threads_ = use;
    next_task_.store(0, std::memory_order_relaxed);
    busy_.store(static_cast<int>(workers_.size()), std::memory_order_relaxed);
    generation_.fetch_add(1, std::memory_order_release);
  }
  wake_.notify_all();
  work(0);
  for (int spin = 0; busy_.load(std::memory_order_acquire) != 0 && spin < kSpinRounds; ++spin) {
    DXCHECK_PAUSE();
  }
  if (busy_.load(std::memory_order_acquire) != 0) {
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [&] { return busy_.load(std::memory_order_acquire) == 0; });
  }
}

}  // namespace fast_detail
}  // namespace dxcheck
