import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

// Served by the gateway under /admin/ (Gateway:AdminSpaPath), so every asset URL starts there.
export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
})
