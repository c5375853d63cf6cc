#include "live/feed/feed_queue.hpp"

#include <algorithm>
#include <cassert>

namespace gs {

FeedQueue::FeedQueue(FeedQueueOptions options) : options_(options), ring_(std::max<std::size_t>(options.capacity, 1)) {
    options_.capacity = ring_.size();
}

bool FeedQueue::push(std::string& message) {
    std::unique_lock lock(mutex_);
    if (closed_) {
        ++stats_.refused;
        return false;
    }
    const std::size_t capacity = ring_.size();
    if (size_ == capacity) {
        if (options_.policy == OverflowPolicy::Block) {
            notFull_.wait(lock, [&] { return size_ < capacity || closed_; });
            if (closed_) {
                ++stats_.refused;
                return false;
            }
        } else {
            ring_[head_].clear();
            head_ = (head_ + 1) % capacity;
            --size_;
            ++stats_.dropped;
            ++droppedSinceDrain_;
        }
    }
    std::string& slot = ring_[(head_ + size_) % capacity];
    slot.swap(message);
    message.clear();
    ++size_;
    ++stats_.pushed;
    return true;
}

bool FeedQueue::push(std::string_view message) {
    std::string copy(message);
    return push(copy);
}

std::size_t FeedQueue::drain(FeedBatch& batch, std::size_t maxMessages) {
    std::size_t n;
    {
        std::lock_guard lock(mutex_);
        n = std::min(size_, maxMessages);
        if (batch.messages.size() < n) batch.messages.resize(n);
        const std::size_t capacity = ring_.size();
        for (std::size_t i = 0; i < n; ++i) {
            batch.messages[i].swap(ring_[head_]);
            ring_[head_].clear();  // the batch's old buffer, recycled for a later push
            head_ = (head_ + 1) % capacity;
        }
        size_ -= n;
        stats_.drained += n;
        batch.count = n;
        batch.dropped = droppedSinceDrain_;
        droppedSinceDrain_ = 0;
    }
    if (n > 0 && options_.policy == OverflowPolicy::Block) notFull_.notify_all();
    return n;
}

void FeedQueue::close() {
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
    }
    notFull_.notify_all();
}

bool FeedQueue::closed() const {
    std::lock_guard lock(mutex_);
    return closed_;
}

FeedQueueStats FeedQueue::stats() const {
    std::lock_guard lock(mutex_);
    FeedQueueStats s = stats_;
    s.queued = size_;
    return s;
}

}  // namespace gs
