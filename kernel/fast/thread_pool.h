// A fixed pool of worker threads, created once per process and reused by every call.
// run() hands out task indices through one atomic counter; the calling thread works too,
// and run() returns once every task is done, without waiting for workers that took none
// (on a machine with more runnable threads than cores a sleeping worker would otherwise
// hold up every call until the scheduler ran it). Tasks must be independent: which
// thread runs a task never changes its result.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace dxcheck {
namespace fast_detail {

class ThreadPool {
 public:
  using TaskFn = void (*)(void* context, int64_t task, int thread);

  // The process-wide pool: hardware_concurrency() threads (DXCHECK_FAST_THREADS overrides),
  // counting the caller.
  static ThreadPool& instance();

  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int threads() const { return static_cast<int>(workers_.size()) + 1; }

  // Runs fn(context, task, thread) for task in [0, tasks), thread in [0, threads()),
  // and returns when all are done. `max_threads` caps the threads used (1 = inline).
  void run(int64_t tasks, TaskFn fn, void* context, int max_threads);

 private:
  // next_ holds (run generation << 32) | next task index: a worker claims a task only of
  // the run it read the parameters of, so one that wakes late never runs a stale task.
  static constexpr int kGenerationShift = 32;

  void worker_loop(int thread);
  // Claims and runs tasks of run `generation` until none is left.
  void work(uint64_t generation, int64_t tasks, TaskFn fn, void* context, int thread);

  std::vector<std::thread> workers_;
  std::mutex run_mutex_;  // one run() at a time
  std::mutex mutex_;      // guards the run parameters below and stop_
  std::condition_variable wake_;
  std::condition_variable done_;
  std::atomic<uint64_t> next_{0};
  std::atomic<int64_t> finished_{0};  // tasks of the current run done
  std::atomic<bool> caller_sleeping_{false};
  bool stop_ = false;
  uint64_t generation_ = 0;
  int active_threads_ = 0;
  int64_t tasks_ = 0;
  TaskFn fn_ = nullptr;
  void* context_ = nullptr;
};

}  // namespace fast_detail
}  // namespace dxcheck
