// Writing dxcheck's output files (reports, vectors) so that a reader never sees half a
// file and two runs writing the same path never interleave: the text goes to a
// temporary file beside the target, is flushed and checked, then renamed over it. A
// path that exists and is not a regular file (/dev/stdout, a FIFO, /dev/full) is
// written in place, with every error checked. Failures throw OutputFileError naming
// the path and the reason (e.g. "No space left on device").
#pragma once

#include <stdexcept>
#include <string>

namespace dxcheck {

struct OutputFileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Creates the parent folders, writes, renames.
void write_output_file(const std::string& path, const std::string& text);

// Before a long run: throws OutputFileError when `path` could not be written later (a
// folder, a folder that cannot be created or written, a read-only file). Creates the
// parent folders as the write would; leaves no file behind.
void check_output_path(const std::string& path);

// The temporary name write_output_file uses for `path` in this process.
std::string temporary_path_for(const std::string& path);

}  // namespace dxcheck
