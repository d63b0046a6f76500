// Large zero-filled buffers that ask the kernel for huge pages before the first touch.
// A first touch of fresh memory costs about 16 us per 4 KB page on the VMs dxcheck runs
// on (2 MB pages: 512 times fewer faults): the reference's three result vectors alone
// (38 MB for a ResNet-50 layer) would take longer to fault in than its GEMMs take to
// fill them. Only a hint; a kernel without transparent huge pages ignores it. Internal
// to reference/.
#pragma once

#include <cstddef>
#include <vector>

namespace dxcheck::reference {

std::vector<double> huge_zeros(size_t count);

}  // namespace dxcheck::reference
